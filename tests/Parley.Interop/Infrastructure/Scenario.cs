using Xunit.Abstractions;

namespace Parley.Interop.Infrastructure;

/// <summary>
/// One test's clients against a running server. When the test fails, the server log of the test and every client's
/// transcript (events, then the library's debug log with the XML it sent and received) go to the test output.
/// </summary>
internal sealed class Scenario
{
    // RFC 7677: the mechanism every test forces unless it is about the mechanism choice itself.
    public const string ScramSha256 = "SCRAM-SHA-256";

    private readonly ParleyServer _server;
    private readonly List<XmppClient> _clients = [];

    private Scenario(ParleyServer server) => _server = server;

    public static async Task RunAsync(ParleyServer server, ITestOutputHelper output, Func<Scenario, Task> test)
    {
        await DebianClients.EnsureInstalledAsync();
        var scenario = new Scenario(server);
        var mark = server.Log.Count;
        try
        {
            await test(scenario);
        }
        catch
        {
            // Stop the clients first so that their transcripts are complete.
            await scenario.StopClientsAsync();
            scenario.Report(output, mark);
            throw;
        }
        finally
        {
            await scenario.StopClientsAsync();
        }
    }

    /// <summary>Logs in, reports the outcome ("bound" or "auth-failed") and closes the stream.</summary>
    public XmppClient Login(
        ClientLibrary library, string jid, string password, TlsMode tls = TlsMode.StartTls, string mechanism = ScramSha256)
        => Start(library, "login", jid, password, tls, mechanism);

    /// <summary>Logs in and stays online, following <see cref="XmppClient.SendMessageAsync"/> and <see cref="XmppClient.QuitAsync"/>.</summary>
    public XmppClient Session(ClientLibrary library, string jid, string password, TlsMode tls = TlsMode.StartTls)
        => Start(library, "session", jid, password, tls, ScramSha256);

    private XmppClient Start(ClientLibrary library, string mode, string jid, string password, TlsMode tls, string mechanism)
    {
        var client = XmppClient.Start(library, mode, _server, jid, password, tls, mechanism);
        _clients.Add(client);
        return client;
    }

    private async Task StopClientsAsync()
    {
        foreach (var client in _clients)
            await client.DisposeAsync();
    }

    private void Report(ITestOutputHelper output, int serverMark)
    {
        output.WriteLine($"==== server log during the test (config {_server.ConfigFile}; '>' stdout, '!' stderr)");
        output.WriteLine(_server.Log.Since(serverMark));
        foreach (var client in _clients)
        {
            output.WriteLine($"==== {client.Name} ('>' events, '!' library log)");
            output.WriteLine(client.Log.ToString());
        }
    }
}
