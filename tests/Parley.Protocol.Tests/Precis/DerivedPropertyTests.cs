using Parley.Protocol.Precis;

namespace Parley.Protocol.Tests.Precis;

// Spot checks of RFC 8264 §8 against values in the IANA PRECIS Derived Property Value registry.
public sealed class DerivedPropertyTests
{
    [Theory]
    [InlineData(0x0021, "Pvalid")]        // ASCII7
    [InlineData(0x007E, "Pvalid")]
    [InlineData(0x0061, "Pvalid")]
    [InlineData(0x00E9, "Pvalid")]        // LetterDigits
    [InlineData(0x00C9, "Pvalid")]        // upper case is PVALID; the profile maps it
    [InlineData(0x0301, "Pvalid")]        // Mn
    [InlineData(0x0663, "ContextO")]      // Exceptions: ARABIC-INDIC DIGIT THREE
    [InlineData(0x06F3, "ContextO")]
    [InlineData(0x00B7, "ContextO")]
    [InlineData(0x0375, "ContextO")]
    [InlineData(0x05F3, "ContextO")]
    [InlineData(0x30FB, "ContextO")]
    [InlineData(0x00DF, "Pvalid")]        // Exceptions: SHARP S
    [InlineData(0x03C2, "Pvalid")]        // Exceptions: FINAL SIGMA
    [InlineData(0x06FD, "Pvalid")]        // Exceptions: an So made PVALID
    [InlineData(0x3007, "Pvalid")]
    [InlineData(0x0640, "Disallowed")]    // Exceptions: TATWEEL
    [InlineData(0x07FA, "Disallowed")]
    [InlineData(0x3031, "Disallowed")]
    [InlineData(0x200C, "ContextJ")]      // JoinControl
    [InlineData(0x200D, "ContextJ")]
    [InlineData(0x1100, "Disallowed")]    // OldHangulJamo
    [InlineData(0x11A8, "Disallowed")]
    [InlineData(0xAC00, "Pvalid")]        // a precomposed syllable
    [InlineData(0x00AD, "Disallowed")]    // Default_Ignorable
    [InlineData(0x034F, "Disallowed")]
    [InlineData(0xFE0F, "Disallowed")]
    [InlineData(0xFDD0, "Disallowed")]    // Noncharacter
    [InlineData(0xFFFE, "Disallowed")]
    [InlineData(0x1FFFF, "Disallowed")]
    [InlineData(0x0000, "Disallowed")]    // Controls
    [InlineData(0x0085, "Disallowed")]
    [InlineData(0x0020, "SpecificClass")] // Spaces
    [InlineData(0x00A0, "SpecificClass")] // Spaces, and HasCompat
    [InlineData(0x2603, "SpecificClass")] // Symbols
    [InlineData(0x00A7, "SpecificClass")] // Punctuation
    [InlineData(0x2163, "SpecificClass")] // HasCompat
    [InlineData(0xFF21, "SpecificClass")]
    [InlineData(0x212B, "SpecificClass")]
    [InlineData(0x01C5, "SpecificClass")] // Lt
    [InlineData(0x16EE, "SpecificClass")] // Nl
    [InlineData(0x0488, "SpecificClass")] // Me
    [InlineData(0xE000, "Disallowed")]    // private use
    [InlineData(0x2028, "Disallowed")]    // Zl
    [InlineData(0x0600, "Disallowed")]    // Cf
    [InlineData(0x0378, "Unassigned")]
    [InlineData(0xE0080, "Unassigned")]
    public void Code_point_has_its_registered_derived_property(int codePoint, string property)
    {
        DerivedProperty expected = Enum.Parse<DerivedProperty>(property);
        Assert.Equal(expected, DerivedProperties.Get(codePoint));
        Assert.Equal(expected, DerivedProperties.Compute(codePoint));
    }

    [Fact]
    public void Code_point_newer_than_the_unicode_tables_is_unassigned()
    {
        // KAWI LETTER A, added in Unicode 15.0: .NET knows it, the generated tables (Unicode 14.0) do not.
        Assert.Equal(System.Globalization.UnicodeCategory.OtherLetter, System.Globalization.CharUnicodeInfo.GetUnicodeCategory(0x11F04));
        Assert.Equal("14.0.0", UnicodeTables.DataVersion);
        Assert.Equal(DerivedProperty.Unassigned, DerivedProperties.Get(0x11F04));
    }

    [Fact]
    public void Cached_pages_agree_with_direct_computation()
    {
        for (int cp = 0; cp < 0x3400; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            Assert.Equal(DerivedProperties.Compute(cp), DerivedProperties.Get(cp));
        }
    }
}
