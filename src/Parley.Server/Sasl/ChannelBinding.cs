namespace Parley.Server.Sasl;

/// <summary>The channel binding of a TLS stream (RFC 5056): its type name and data, e.g. from <see cref="TlsServerEndPoint"/>.</summary>
public sealed record ChannelBinding(string Type, byte[] Data)
{
    public const string TlsServerEndPointType = "tls-server-end-point";
}
