using Microsoft.AspNetCore.Connections;
using Parley.Server.Streams.S2s;

namespace Parley.Server.Connections;

/// <summary>Server-to-server connections on the STARTTLS port (RFC 6120 §5).</summary>
internal sealed class S2sConnectionHandler(S2sServices services) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection)
        => new S2sIncomingStream(connection, services, directTls: false).RunAsync();
}

/// <summary>Server-to-server connections on the direct TLS port (XEP-0368).</summary>
internal sealed class DirectTlsS2sConnectionHandler(S2sServices services) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection)
        => new S2sIncomingStream(connection, services, directTls: true).RunAsync();
}
