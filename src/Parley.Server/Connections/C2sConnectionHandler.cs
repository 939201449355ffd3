using Microsoft.AspNetCore.Connections;
using Parley.Server.Streams.C2s;

namespace Parley.Server.Connections;

/// <summary>Client connections on the STARTTLS port (RFC 6120 §5).</summary>
internal sealed class C2sConnectionHandler(C2sServices services) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection)
        => new C2sStream(connection, services, directTls: false).RunAsync();
}

/// <summary>Client connections on the direct TLS port (XEP-0368).</summary>
internal sealed class DirectTlsC2sConnectionHandler(C2sServices services) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection)
        => new C2sStream(connection, services, directTls: true).RunAsync();
}
