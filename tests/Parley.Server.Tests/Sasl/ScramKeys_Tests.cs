using Parley.Server.Sasl;

namespace Parley.Server.Tests.Sasl;

public sealed class ScramKeys_Tests
{
    [Fact]
    public void DeriveAll_gives_one_credential_per_hash_with_its_own_salt()
    {
        var credentials = ScramKeys.DeriveAll("pencil", 4096);

        Assert.Equal([ScramHash.Sha1, ScramHash.Sha256, ScramHash.Sha512], credentials.Select(c => c.Hash));
        Assert.Equal([20, 32, 64], credentials.Select(c => c.StoredKey.Length));
        Assert.Equal([20, 32, 64], credentials.Select(c => c.ServerKey.Length));
        Assert.All(credentials, c => Assert.True(c.Salt.Length >= 16));
        Assert.All(credentials, c => Assert.Equal(4096, c.Iterations));
        Assert.Equal(3, credentials.Select(c => Convert.ToBase64String(c.Salt)).Distinct().Count());
    }

    [Fact]
    public void Same_password_gets_a_fresh_salt_each_time()
    {
        var first = ScramKeys.Derive("pencil", ScramHash.Sha256, 100);
        var second = ScramKeys.Derive("pencil", ScramHash.Sha256, 100);

        Assert.NotEqual(first.Salt, second.Salt);
        Assert.NotEqual(first.StoredKey, second.StoredKey);
    }

    [Fact]
    public void Given_salt_makes_the_derivation_repeatable()
    {
        byte[] salt = [1, 2, 3, 4];

        var first = ScramKeys.Derive("pencil", ScramHash.Sha512, 100, salt);
        var second = ScramKeys.Derive("pencil", ScramHash.Sha512, 100, salt);

        Assert.Equal(first.StoredKey, second.StoredKey);
        Assert.Equal(first.ServerKey, second.ServerKey);
        Assert.Equal(salt, first.Salt);
    }

    [Theory]
    [InlineData("a\u00A0b", "a b")]          // non-ASCII space → U+0020
    [InlineData("a\u3000b", "a b")]          // ideographic space
    [InlineData("e\u0301", "\u00E9")]        // NFC
    public void Password_is_prepared_as_opaque_string(string given, string equivalent)
    {
        byte[] salt = [9, 9, 9];

        Assert.Equal(
            ScramKeys.Derive(equivalent, ScramHash.Sha256, 10, salt).StoredKey,
            ScramKeys.Derive(given, ScramHash.Sha256, 10, salt).StoredKey);
    }

    [Fact]
    public void Compatibility_forms_are_kept_apart_unlike_saslprep()
    {
        // OpaqueString uses NFC, not SASLprep's NFKC: the ligature "ﬁ" stays distinct from "fi".
        byte[] salt = [9, 9, 9];

        Assert.NotEqual(
            ScramKeys.Derive("fi", ScramHash.Sha256, 10, salt).StoredKey,
            ScramKeys.Derive("\uFB01", ScramHash.Sha256, 10, salt).StoredKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    [InlineData("unassigned\u0378")]
    public void Unpreparable_password_is_refused(string password)
    {
        Assert.Throws<ArgumentException>(() => ScramKeys.Derive(password, ScramHash.Sha256, 10));
    }

    [Fact]
    public void Password_with_an_unpaired_surrogate_is_refused()
    {
        // Built here: xunit would replace the lone surrogate of an InlineData string when it serializes the case.
        var password = "lone" + (char)0xD800 + "surrogate";

        Assert.Throws<ArgumentException>(() => ScramKeys.Derive(password, ScramHash.Sha256, 10));
    }

    [Fact]
    public void Iterations_below_one_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScramKeys.Derive("pencil", ScramHash.Sha256, 0));
    }
}
