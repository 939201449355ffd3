using Microsoft.AspNetCore.Connections;
using Parley.Server.Streams.C2s;

namespace Parley.Server.Connections;

/// <summary>Client connections on the STARTTLS port (RFC 6120 §5).</summary>
internal sealed class C2sConnectionHandler(C2sServices services, ConnectionsPerAddress perAddress) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection)
        => C2sConnections.RunAsync(connection, services, perAddress, directTls: false);
}

/// <summary>Client connections on the direct TLS port (XEP-0368).</summary>
internal sealed class DirectTlsC2sConnectionHandler(C2sServices services, ConnectionsPerAddress perAddress) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection)
        => C2sConnections.RunAsync(connection, services, perAddress, directTls: true);
}

internal static class C2sConnections
{
    // Not async: the stream's own RunAsync is the connection's only state machine, and it leaves the per-address
    // count when it ends.
    public static Task RunAsync(ConnectionContext connection, C2sServices services, ConnectionsPerAddress perAddress, bool directTls)
    {
        var admitted = perAddress.TryEnter(connection.RemoteEndPoint, out var address);
        return new C2sStream(connection, services, directTls, overAddressLimit: !admitted,
            admitted ? perAddress : null, address).RunAsync();
    }
}
