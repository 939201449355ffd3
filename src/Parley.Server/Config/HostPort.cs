using System.Globalization;
using System.Net;

namespace Parley.Server.Config;

/// <summary>"host:port" as written in the config: a DNS name or an IP address (IPv6 in brackets) and a port.</summary>
public readonly record struct HostPort(string Host, int Port)
{
    public static bool TryParse(string text, out HostPort result)
    {
        result = default;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            return false;
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
            return false;
        var host = text[..colon];
        if (host.StartsWith('['))
        {
            if (!host.EndsWith(']') || !IPAddress.TryParse(host[1..^1], out var v6)
                || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
                return false;
            host = host[1..^1];
        }
        else if (host.Contains(':') || Uri.CheckHostName(host) is UriHostNameType.Unknown or UriHostNameType.Basic)
            return false;
        result = new HostPort(host, port);
        return true;
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
