namespace Parley.Protocol.Tests;

// The ASCII shortcuts must agree with the full PRECIS / IDNA pipeline on every input they take.
public sealed class JidFastPathTests
{
    private const string LocalAlphabet = "aZz09.-_!#~\"&'/:<>@ \t\\";
    private const string DomainAlphabet = "abcxnzAXZ019-.";
    private const string ResourceAlphabet = "aZ9 @/.~\u007F\t";

    [Fact]
    public void Localpart_shortcut_agrees_with_the_full_profile()
    {
        foreach (string input in RandomStrings(LocalAlphabet, seed: 7622, maxLength: 8))
        {
            JidPartStatus fast = Localpart.Enforce(input, out string? fastResult);
            JidPartStatus slow = Localpart.EnforceSlow(input, out string? slowResult);
            Assert.True(fast == slow, $"'{input}': shortcut {fast}, profile {slow}");
            Assert.Equal(slowResult, fastResult);
        }
    }

    [Fact]
    public void Resourcepart_shortcut_agrees_with_the_full_profile()
    {
        foreach (string input in RandomStrings(ResourceAlphabet, seed: 8265, maxLength: 8))
        {
            JidPartStatus fast = Resourcepart.Enforce(input, out string? fastResult);
            JidPartStatus slow = Resourcepart.EnforceSlow(input, out string? slowResult);
            Assert.True(fast == slow, $"'{input}': shortcut {fast}, profile {slow}");
            Assert.Equal(slowResult, fastResult);
        }
    }

    [Fact]
    public void Domainpart_shortcut_agrees_with_idna()
    {
        var inputs = RandomStrings(DomainAlphabet, seed: 5891, maxLength: 12).ToList();
        string label = new('a', 63);
        inputs.Add($"{label}.{label}.{label}.{new string('a', 61)}");
        inputs.Add($"{label}.{label}.{label}.{new string('a', 62)}");
        inputs.Add($"{label}a.com");
        inputs.Add("xn--bcher-kva.example");
        inputs.Add("a--b.com");
        inputs.Add("ab--c.com");
        inputs.Add("1.2.3.4");
        foreach (string input in inputs)
        {
            bool plain = Domainpart.IsPlainHostName(input, out _);
            JidPartStatus fast = Domainpart.Enforce(input, out string? fastResult);
            JidPartStatus slow = Domainpart.EnforceSlow(input, out string? slowResult);
            if (plain)
            {
                Assert.True(slow != JidPartStatus.Invalid, $"'{input}' is plain but IDNA refuses it");
            }

            Assert.True(fast == slow, $"'{input}': shortcut {fast}, IDNA {slow}");
            Assert.Equal(slowResult, fastResult);
        }
    }

    private static IEnumerable<string> RandomStrings(string alphabet, int seed, int maxLength)
    {
        var random = new Random(seed);
        for (int n = 0; n < 4000; n++)
        {
            int length = random.Next(1, maxLength + 1);
            var chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            yield return new string(chars);
        }
    }
}
