using Parley.Server.Modules;

namespace Parley.Server.Tests.Modules;

public sealed class FeatureRegistry_Tests
{
    [Fact]
    public void Fields_of_one_FORM_TYPE_from_several_modules_make_one_form()
    {
        var registry = new FeatureRegistry();
        registry.AddExtensionField("urn:example:b", new DiscoField("x", ["1"]));
        registry.AddExtensionField("http://jabber.org/network/serverinfo", new DiscoField("abuse-addresses", ["mailto:abuse@example.org"], "list-multi"));
        registry.AddExtensionField("http://jabber.org/network/serverinfo", new DiscoField("admin-addresses", ["xmpp:admin@example.org"]));

        var forms = registry.Extensions;

        Assert.Equal(["http://jabber.org/network/serverinfo", "urn:example:b"], forms.Select(f => f.FormType));
        Assert.Equal(["abuse-addresses", "admin-addresses"], forms[0].Fields.Select(f => f.Var));
    }

    [Fact]
    public void A_field_declared_twice_for_one_FORM_TYPE_stops_the_start()
    {
        var registry = new FeatureRegistry();
        registry.AddExtensionField("urn:example", new DiscoField("x", ["1"]));

        Assert.Throws<InvalidOperationException>(() => registry.AddExtensionField("urn:example", new DiscoField("x", ["2"])));
    }

    [Fact]
    public void FORM_TYPE_itself_is_not_a_field_modules_declare()
    {
        Assert.Throws<ArgumentException>(() => new FeatureRegistry().AddExtensionField("urn:example", new DiscoField("FORM_TYPE", ["urn:other"])));
    }
}
