using Microsoft.AspNetCore.Connections;
using Parley.Server.Streams.S2s;

namespace Parley.Server.Connections;

/// <summary>Server-to-server connections on the STARTTLS port (RFC 6120 §5).</summary>
internal sealed class S2sConnectionHandler(S2sServices services) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection)
        => S2sConnections.RunAsync(connection, services, directTls: false);
}

/// <summary>Server-to-server connections on the direct TLS port (XEP-0368).</summary>
internal sealed class DirectTlsS2sConnectionHandler(S2sServices services) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection)
        => S2sConnections.RunAsync(connection, services, directTls: true);
}

internal static class S2sConnections
{
    public static async Task RunAsync(ConnectionContext connection, S2sServices services, bool directTls)
    {
        // s2s.max_connections_per_ip: the connection over the limit is told why (policy-violation after our
        // header, as on c2s) rather than dropped silently.
        var admitted = services.PerAddress.TryEnter(connection.RemoteEndPoint, out var address);
        try
        {
            await new S2sIncomingStream(connection, services, directTls, overAddressLimit: !admitted).RunAsync();
        }
        finally
        {
            if (admitted)
                services.PerAddress.Leave(address);
        }
    }
}
