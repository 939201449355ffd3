using System.Text;

namespace Parley.Protocol.Tests;

// Random strings drawn from the code points the rules treat specially: parsing never throws, and a JID's string
// parses back to the same JID (enforcement is idempotent).
public sealed class JidRobustnessTests
{
    private static readonly int[] s_interesting =
    [
        'a', 'Z', '0', '.', '-', '@', '/', ' ', '\\', '"', '\'', 0x00, 0x09, 0x7F,
        0x00A0, 0x00AD, 0x00B7, 0x00C9, 0x00DF, 0x0130, 0x0301, 0x0307, 0x0345, 0x0375, 0x03A3, 0x03C2, 0x03C3,
        0x05D0, 0x05F3, 0x0627, 0x0628, 0x0610, 0x0661, 0x06F1, 0x0915, 0x094D, 0x1100, 0x1161, 0x11A8, 0x1680,
        0x200B, 0x200C, 0x200D, 0x202E, 0x2163, 0x2603, 0x24D0, 0x3000, 0x3002, 0x30AB, 0x30FB, 0x4E00, 0xAC00,
        0xE000, 0xFB00, 0xFDD0, 0xFE0F, 0xFF0E, 0xFF21, 0xFF20, 0xFF0F, 0xFF61, 0xFF76, 0xFFFD, 0xFFFF,
        0x10400, 0x1D242, 0x1F37A, 0xE0001,
    ];

    [Fact]
    public void Parsing_random_strings_never_throws_and_is_idempotent()
    {
        var random = new Random(7622);
        int valid = 0;
        for (int n = 0; n < 20000; n++)
        {
            string input = RandomJidLike(random);
            if (!Jid.TryParse(input, out Jid? jid))
            {
                continue;
            }

            valid++;
            string normalized = jid.ToString();
            Assert.True(Jid.TryParse(normalized, out Jid? again), $"'{Escape(input)}' gave '{Escape(normalized)}', which does not parse");
            Assert.Equal(normalized, again.ToString());
            Assert.Same(normalized, again.ToString());
            Assert.Equal(jid, again);
            Assert.Equal(jid.Bare, again.Bare);
            Assert.True(Jid.TryCreate(jid.Local, jid.Domain, jid.Resource, out Jid? created));
            Assert.Equal(jid, created);
        }

        // The generator is tuned so that a fair share of inputs is valid.
        Assert.True(valid > 2000, $"only {valid} valid inputs");
    }

    private static string RandomJidLike(Random random)
    {
        var builder = new StringBuilder();
        if (random.Next(3) > 0)
        {
            AppendPart(builder, random, allowSeparators: false);
            builder.Append('@');
        }

        builder.Append(random.Next(4) switch
        {
            0 => "example.com",
            1 => "EXAMPLE.com.",
            2 => "b\u00FCcher.example",
            _ => RandomPart(random),
        });

        if (random.Next(2) > 0)
        {
            builder.Append('/');
            AppendPart(builder, random, allowSeparators: true);
        }

        return builder.ToString();
    }

    private static string RandomPart(Random random)
    {
        var builder = new StringBuilder();
        AppendPart(builder, random, allowSeparators: false);
        return builder.ToString();
    }

    private static void AppendPart(StringBuilder builder, Random random, bool allowSeparators)
    {
        int length = random.Next(1, 6);
        for (int i = 0; i < length; i++)
        {
            int cp = random.Next(4) switch
            {
                0 => random.Next('a', 'z' + 1),
                1 => s_interesting[random.Next(s_interesting.Length)],
                2 => random.Next(0x20, 0x3000),
                _ => random.Next(0x10000),
            };
            if (!allowSeparators && cp is '@' or '/')
            {
                cp = 'x';
            }

            // Lone surrogates half the time they come up; whole pairs otherwise.
            if (cp is >= 0xD800 and <= 0xDFFF && random.Next(2) == 0)
            {
                cp = 0x10000 + random.Next(0x1000);
            }

            if (cp is >= 0xD800 and <= 0xDFFF)
            {
                builder.Append((char)cp);
            }
            else
            {
                builder.Append(char.ConvertFromUtf32(cp));
            }
        }
    }

    private static string Escape(string value)
    {
        var builder = new StringBuilder();
        foreach (char c in value)
        {
            builder.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return builder.ToString();
    }
}
