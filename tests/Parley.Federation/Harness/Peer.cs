using System.Net;
using Parley.TestKit;

namespace Parley.Federation.Harness;

/// <summary>A real XMPP server Parley federates with: started, stopped and restarted by the harness.</summary>
public abstract class Peer
{
    public const string Password = "secret";

    protected Peer(string product, string domain, IPAddress address, string folder)
    {
        Product = product;
        Domain = domain;
        Address = address;
        Folder = folder;
    }

    /// <summary>"Prosody" or "ejabberd".</summary>
    public string Product { get; }

    public string Domain { get; }

    public IPAddress Address { get; }

    public string Folder { get; }

    /// <summary>The log that shows s2s authentication (Prosody's debug log, ejabberd's ejabberd.log).</summary>
    public abstract string LogFile { get; }

    public string Log() => File.Exists(LogFile) ? ReadShared(LogFile) : "";

    public abstract Task StartAsync();

    public abstract Task StopAsync();

    public abstract Task RegisterAsync(IReadOnlyList<string> users);

    /// <summary>
    /// Log lines that prove SASL EXTERNAL (XEP-0178) or dialback (XEP-0220) authenticated a stream with
    /// <paramref name="remote"/>, incoming (remote → this peer) or outgoing.
    /// </summary>
    public abstract bool Authenticated(string remote, bool incoming, bool external);

    /// <summary>
    /// <see cref="Authenticated"/>, waiting (bounded) for the line: a server may log it a moment after the first
    /// stanza has crossed, and ejabberd's console output arrives in bursts.
    /// </summary>
    public async Task<bool> LoggedAuthenticationAsync(string remote, bool incoming, bool external)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!Authenticated(remote, incoming, external))
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(100);
        }
        return true;
    }

    /// <summary>Logs <paramref name="user"/> in on this peer's c2s port (STARTTLS, PLAIN, bind) as a ready session.</summary>
    public async Task<TestClient> LoginAsync(string user, string resource)
    {
        var client = await TestClient.ConnectAsync(new IPEndPoint(Address, Topology.C2sPort), directTls: false, Domain);
        await client.LoginAsync(user, Password, resource);
        return client;
    }

    public static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public override string ToString() => Product;
}
