using Parley.Xml.Tests.Support;

namespace Parley.Xml.Tests;

public class XmlStreamParser_Namespace_Tests
{
    [Fact]
    public void Prefixed_element_names_resolve_to_their_namespace() =>
        Assert.Equal("{urn:x}bar[{urn:x}baz[]{jabber:client}plain[]]",
            Feed.Stanza("<foo:bar xmlns:foo='urn:x'><foo:baz/><plain/></foo:bar>"));

    [Fact]
    public void Prefixed_attributes_resolve_and_unprefixed_ones_have_no_namespace() =>
        Assert.Equal("{jabber:client}message {urn:x}a=\"1\" b=\"2\" {http://www.w3.org/XML/1998/namespace}lang=\"en\"[]",
            Feed.Stanza("<message xmlns:p='urn:x' p:a='1' b='2' xml:lang='en'/>"));

    [Fact]
    public void Default_namespace_applies_to_descendants_but_not_siblings() =>
        Assert.Equal("{jabber:client}iq[{urn:a}query[{urn:a}item[]]{jabber:client}x[]]",
            Feed.Stanza("<iq><query xmlns='urn:a'><item/></query><x/></iq>"));

    [Fact]
    public void Empty_default_namespace_puts_elements_in_no_namespace() =>
        Assert.Equal("{jabber:client}iq[{}x[{}y[]]]", Feed.Stanza("<iq><x xmlns=''><y/></x></iq>"));

    [Fact]
    public void Prefix_can_be_redeclared_in_a_descendant() =>
        Assert.Equal("{urn:a}x[{urn:b}x[]{urn:a}x[]]",
            Feed.Stanza("<p:x xmlns:p='urn:a'><p:x xmlns:p='urn:b'/><p:x/></p:x>"));

    [Fact]
    public void Xml_prefix_may_be_declared_to_its_own_namespace() =>
        Assert.Equal("{jabber:client}x {http://www.w3.org/XML/1998/namespace}lang=\"de\"[]",
            Feed.Stanza("<x xmlns:xml='http://www.w3.org/XML/1998/namespace' xml:lang='de'/>"));

    [Theory]
    [InlineData("<p:x/>")]
    [InlineData("<x p:a='1'/>")]
    [InlineData("<x><p:y xmlns:p='urn:a'/><p:z/></x>")]
    [InlineData("<xmlns:x/>")]
    [InlineData("<x xmlns:a='urn:a'></a:x>")]
    public void Undeclared_prefixes_are_not_well_formed(string stanza) =>
        Feed.StanzaFails(stanza, XmlErrorKind.NotWellFormed);

    [Theory]
    [InlineData("<x a='1' a='2'/>")]
    [InlineData("<x xmlns:p='urn:a' xmlns:q='urn:a' p:a='1' q:a='2'/>")]
    [InlineData("<x xmlns:p='urn:a' xmlns:p='urn:b'/>")]
    [InlineData("<x xmlns='urn:a' xmlns='urn:a'/>")]
    [InlineData("<x xml:lang='en' xml:lang='de'/>")]
    public void Duplicate_attributes_are_not_well_formed(string stanza) =>
        Feed.StanzaFails(stanza, XmlErrorKind.NotWellFormed);

    [Fact]
    public void Same_local_name_in_different_namespaces_is_allowed() =>
        Assert.Equal("{jabber:client}x a=\"0\" {urn:a}a=\"1\" {urn:b}a=\"2\"[]",
            Feed.Stanza("<x xmlns:p='urn:a' xmlns:q='urn:b' a='0' p:a='1' q:a='2'/>"));

    [Theory]
    [InlineData("<x xmlns:xml='urn:other'/>")]
    [InlineData("<x xmlns:p='http://www.w3.org/XML/1998/namespace'/>")]
    [InlineData("<x xmlns='http://www.w3.org/XML/1998/namespace'/>")]
    [InlineData("<x xmlns:xmlns='urn:a'/>")]
    [InlineData("<x xmlns:p='http://www.w3.org/2000/xmlns/'/>")]
    [InlineData("<x xmlns='http://www.w3.org/2000/xmlns/'/>")]
    [InlineData("<x xmlns:p=''/>")]
    public void Illegal_namespace_declarations_are_not_well_formed(string stanza) =>
        Feed.StanzaFails(stanza, XmlErrorKind.NotWellFormed);

    [Theory]
    [InlineData("<a:b:c xmlns:a='urn:a'/>")]
    [InlineData("<:a/>")]
    [InlineData("<a:/>")]
    [InlineData("<x :a='1'/>")]
    [InlineData("<x a:='1'/>")]
    [InlineData("<a:1 xmlns:a='urn:a'/>")]
    public void Names_that_are_not_qualified_names_are_not_well_formed(string stanza) =>
        Feed.StanzaFails(stanza, XmlErrorKind.NotWellFormed);

    [Fact]
    public void Namespace_declarations_are_not_reported_as_attributes() =>
        Assert.Equal("{urn:a}x[]", Feed.Stanza("<x xmlns='urn:a' xmlns:p='urn:p'/>"));

    [Fact]
    public void End_tag_must_repeat_the_prefix_not_just_the_namespace() =>
        Feed.StanzaFails("<a:x xmlns:a='urn:a' xmlns:b='urn:a'></b:x>", XmlErrorKind.NotWellFormed);
}
