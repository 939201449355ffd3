using System.Security.Cryptography;
using System.Text;
using Parley.Protocol;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

// XEP-0115: the server's capabilities in its stream features (§6.3), checked as a client would (§5.4).
public sealed class EntityCapabilities_Tests : IAsyncLifetime
{
    private const string Caps = "http://jabber.org/protocol/caps";
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            // A XEP-0128 form in the disco#info, so the check covers forms too.
            ["modules:contact:abuse:0"] = "mailto:abuse@example.org",
        });
        await _server.AddUserAsync("alice", "wonderland");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Stream_features_carry_caps_whose_hash_matches_the_servers_disco_info()
    {
        await using var alice = await _server.ConnectAsync();
        await alice.AuthenticateAsync("alice", "wonderland");
        var features = await alice.OpenAsync();
        var c = features.Child("c", Caps)!;
        Assert.Equal("sha-1", c.Attribute("hash"));
        var node = c.Attribute("node")!;
        var ver = c.Attribute("ver")!;
        await alice.BindAsync("laptop");

        // §5.4: a client checks the ver against the disco#info it gets from the server, which lists caps (§8).
        var info = (await alice.RequestAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d1"))
            .Child("query", Namespaces.DiscoInfo)!;
        Assert.Contains(info.Elements(), f => f.Attribute("var") == Caps);
        Assert.Equal(ver, VerificationString(info));

        // §6.2: the disco#info of node#ver is the same, and says which node it answers for.
        var byNode = (await alice.RequestAsync($"<iq type='get' id='d2' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info' node='{node}#{ver}'/></iq>", "d2"))
            .Child("query", Namespaces.DiscoInfo)!;
        Assert.Equal($"{node}#{ver}", byNode.Attribute("node"));
        Assert.Equal(ver, VerificationString(byNode));
    }

    [Fact]
    public async Task Disco_info_of_an_unknown_node_is_item_not_found()
    {
        await using var alice = await _server.LoginAsync("alice", "wonderland", "laptop");
        var error = await alice.RequestAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info' node='https://parley.invalid/caps#stale'/></iq>", "d1");
        // XEP-0030 §3.2 (an outdated ver is just another unknown node).
        Assert.Equal("item-not-found", error.ErrorCondition());
    }

    [Fact]
    public async Task Caps_are_offered_only_after_authentication()
    {
        await using var client = await _server.ConnectAsync();
        var features = await client.OpenAsync();
        Assert.Null(features.Child("c", Caps));
    }

    /// <summary>XEP-0115 §5.1 from a disco#info result, written apart from the server's code.</summary>
    private static string VerificationString(Element query)
    {
        static int Octets(string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
        var comparer = Comparer<string>.Create(Octets);
        var s = new StringBuilder();
        var identities = query.Elements().Where(e => e.Name == "identity")
            .Select(i => $"{i.Attribute("category")}/{i.Attribute("type")}/{i.Lang}/{i.Attribute("name")}")
            .Order(comparer);
        foreach (var i in identities)
            s.Append(i).Append('<');
        foreach (var f in query.Elements().Where(e => e.Name == "feature").Select(f => f.Attribute("var")!).Order(comparer))
            s.Append(f).Append('<');
        var forms = query.Elements().Where(e => e.Is("x", "jabber:x:data"))
            .Select(x => (Type: x.Elements().First(f => f.Attribute("var") == "FORM_TYPE").Elements().First().Text, Form: x))
            .OrderBy(f => f.Type, comparer);
        foreach (var (type, form) in forms)
        {
            s.Append(type).Append('<');
            foreach (var field in form.Elements().Where(f => f.Attribute("var") != "FORM_TYPE").OrderBy(f => f.Attribute("var")!, comparer))
            {
                s.Append(field.Attribute("var")).Append('<');
                foreach (var value in field.Elements().Select(v => v.Text).Order(comparer))
                    s.Append(value).Append('<');
            }
        }
#pragma warning disable CA5350 // XEP-0115 mandates SHA-1.
        return Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(s.ToString())));
#pragma warning restore CA5350
    }
}
