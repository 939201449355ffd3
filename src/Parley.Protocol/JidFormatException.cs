namespace Parley.Protocol;

// A string that is not a valid JID (RFC 7622); the server answers it with a jid-malformed error.
public sealed class JidFormatException : FormatException
{
    public JidFormatException()
        : base("The string is not a valid JID.")
    {
    }

    public JidFormatException(string message)
        : base(message)
    {
    }

    public JidFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
