using Parley.Protocol.Payloads;
using Parley.Xml;

namespace Parley.Protocol.Tests.Payloads;

public sealed class Hints_Tests
{
    private static Element Message(params Element[] hints)
        => X.E("message", Namespaces.Client, X.A("to", "juliet@example.org"), X.E("body", Namespaces.Client, "hi"), hints);

    private static Element Hint(string name) => X.E(name, Namespaces.Hints);

    [Fact]
    public void A_message_without_hints_may_be_stored_and_copied()
    {
        var m = Message();
        Assert.False(Hints.NoStore(m));
        Assert.False(Hints.NoPermanentStore(m));
        Assert.False(Hints.NoCopy(m));
        Assert.False(Hints.Store(m));
    }

    [Fact]
    public void No_store_forbids_offline_storage_and_the_archive()
    {
        var m = Message(Hint("no-store"));
        Assert.True(Hints.NoStore(m));
        Assert.True(Hints.NoPermanentStore(m));
    }

    [Fact]
    public void No_permanent_store_forbids_the_archive_but_not_offline_storage()
    {
        var m = Message(Hint("no-permanent-store"));
        Assert.False(Hints.NoStore(m));
        Assert.True(Hints.NoPermanentStore(m));
    }

    [Fact]
    public void No_copy_and_store_are_read_on_their_own()
    {
        var m = Message(Hint("no-copy"), Hint("store"));
        Assert.True(Hints.NoCopy(m));
        Assert.True(Hints.Store(m));
        Assert.False(Hints.NoStore(m));
    }

    [Fact]
    public void Hints_count_only_in_their_namespace_and_as_children_of_the_message()
    {
        var wrongNamespace = Message(X.E("no-store", "urn:example:other"));
        var nested = X.E("message", Namespaces.Client, X.E("body", Namespaces.Client, Hint("no-store")));

        Assert.False(Hints.NoStore(wrongNamespace));
        Assert.False(Hints.NoStore(nested));
    }
}
