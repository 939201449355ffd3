using Parley.Xml.Tests.Support;

namespace Parley.Xml.Tests;

public class ElementComparer_Tests
{
    [Fact]
    public void Trees_built_differently_but_alike_are_equal() =>
        ElementAssert.Equal(
            X.E("iq", "jabber:client", X.A("type", "get"), X.E("ping", "urn:xmpp:ping"), "t"),
            Streams.ParseStanza("<iq type='get'><ping xmlns='urn:xmpp:ping'/>t</iq>"));

    [Theory]
    [InlineData("<iq type='set'><ping xmlns='urn:xmpp:ping'/>t</iq>")]
    [InlineData("<iq type='get'><ping/>t</iq>")]
    [InlineData("<iq type='get'><ping xmlns='urn:xmpp:ping'/>u</iq>")]
    [InlineData("<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/>t</iq>")]
    [InlineData("<iq type='get'>t<ping xmlns='urn:xmpp:ping'/></iq>")]
    [InlineData("<iq xmlns:p='urn:p' p:type='get'><ping xmlns='urn:xmpp:ping'/>t</iq>")]
    public void Any_difference_makes_trees_unequal(string other) =>
        Assert.False(ElementComparer.Instance.Equals(
            X.E("iq", "jabber:client", X.A("type", "get"), X.E("ping", "urn:xmpp:ping"), "t"),
            Streams.ParseStanza(other)));
}
