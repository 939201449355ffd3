using Parley.Protocol;
using Parley.Server.Config;
using Parley.TestKit;
using Parley.Xml;

namespace Parley.Scenarios;

/// <summary>XEP-0157 contact addresses, shown as a XEP-0128 extension form of the server's disco#info.</summary>
public sealed class ContactAddresses_Tests
{
    private static async Task<Element> ServerInfoAsync(TestServer server)
    {
        await server.AddUserAsync("juliet", "pw-j");
        await using var juliet = await server.LoginAsync("juliet", "pw-j");
        var reply = await juliet.RequestAsync("<iq type='get' id='disco1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "disco1");
        return reply.Child("query", Namespaces.DiscoInfo)!;
    }

    private static IEnumerable<Element> Forms(Element query) => query.Elements().Where(e => e.Is("x", Namespaces.DataForms));

    private static string? FormType(Element form) => form.Elements()
        .FirstOrDefault(f => f.Attribute("var") == "FORM_TYPE")?.Child("value", Namespaces.DataForms)?.Text;

    private static List<string> Values(Element form, string var) => form.Elements()
        .Single(f => f.Attribute("var") == var).Elements().Select(v => v.Text).ToList();

    [Fact]
    public async Task Configured_addresses_are_a_serverinfo_form_in_the_servers_disco_info()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["modules:contact:abuse:0"] = "mailto:abuse@shakespeare.lit",
            ["modules:contact:abuse:1"] = "xmpp:abuse@shakespeare.lit",
            ["modules:contact:support:0"] = "https://shakespeare.lit/support.php",
            ["modules:contact:security:0"] = "xmpp:security@shakespeare.lit",
        });

        var query = await ServerInfoAsync(server);

        // XEP-0157 §3: one form of type result, FORM_TYPE http://jabber.org/network/serverinfo (XEP-0128 §2: a
        // hidden field), one list-multi field per role with a value element per address, in the configured order.
        var form = Assert.Single(Forms(query));
        Assert.Equal("result", form.Attribute("type"));
        Assert.Equal("http://jabber.org/network/serverinfo", FormType(form));
        Assert.Equal("hidden", form.Elements().First(f => f.Attribute("var") == "FORM_TYPE").Attribute("type"));
        Assert.Equal(["mailto:abuse@shakespeare.lit", "xmpp:abuse@shakespeare.lit"], Values(form, "abuse-addresses"));
        Assert.Equal(["https://shakespeare.lit/support.php"], Values(form, "support-addresses"));
        Assert.Equal(["xmpp:security@shakespeare.lit"], Values(form, "security-addresses"));
        Assert.Equal("list-multi", form.Elements().First(f => f.Attribute("var") == "abuse-addresses").Attribute("type"));
        // Roles without addresses are left out.
        Assert.DoesNotContain(form.Elements(), f => f.Attribute("var") is "admin-addresses" or "sales-addresses");
        // The form comes after the identities and features (XEP-0128 §2: a child of the disco#info query).
        Assert.True(query.Elements().Last().Is("x", Namespaces.DataForms));
    }

    [Fact]
    public async Task Without_addresses_the_disco_info_has_no_form()
    {
        await using var server = await TestServer.StartAsync();

        var query = await ServerInfoAsync(server);

        Assert.Empty(Forms(query));
        Assert.Contains(query.Elements(), e => e.Is("identity", Namespaces.DiscoInfo) && e.Attribute("category") == "server");
    }

    [Theory]
    [InlineData("abuse@shakespeare.lit")]
    [InlineData("/var/www/abuse")]
    [InlineData("ftp://shakespeare.lit/abuse")]
    public async Task An_address_that_is_not_a_contact_uri_stops_the_start_naming_the_key(string address)
    {
        var e = await Assert.ThrowsAsync<ConfigException>(() => TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["modules:contact:admin:0"] = address,
        }));

        Assert.Contains("modules.contact.admin", e.Message);
    }
}
