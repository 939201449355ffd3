using Parley.Protocol.Precis;

namespace Parley.Protocol.Tests.Precis;

// RFC 5892 Appendix A, in the FreeformClass. Vectors from the published test suite of golang.org/x/text/secure/precis,
// written out here. Joining types: U+A872 L, U+062C D, U+0610 T, U+0627 R; U+0A4D is a virama, U+0ACD a virama that
// is also T.
public sealed class ContextRuleTests
{
    [Theory]
    [InlineData("\u062C\u200C\u0627")]
    [InlineData("\u062C\u0610\u200C\u0610\u0627")]
    [InlineData("\u062C\u0610\u0610\u200C\u0610\u0610\u0627")]
    [InlineData("\u062C\u0610\u200C\u0627")]
    [InlineData("\u062C\u200C\u0610\u0627")]
    [InlineData("\uA872\u200C\u062C")]
    [InlineData("\uA872\u0610\u200C\u0610\u062C")]
    [InlineData("\uA872\u200C\u0610\u062C")]
    [InlineData("\u0A4D\u200C")]
    [InlineData("\uA872\u0A4D\u200C")]
    [InlineData("\u0ACD\u200C")]
    [InlineData("\uA872\u0ACD\u200C\u062C")]
    [InlineData("\uA872\u200C\u0ACD\u062C")]
    [InlineData("\u0A4D\u200D")]
    [InlineData("\uA872\u0A4D\u200D")]
    [InlineData("l\u00B7l")]
    [InlineData("al\u00B7la")]
    [InlineData("\u0375\u03B1")]
    [InlineData("\u03B1\u0375\u03B1")]
    [InlineData("\u0375\u0375\u03B1")]
    [InlineData("\u05E9\u05F3")]
    [InlineData("\u05E9\u05F3\u05F3\u05F3")]
    [InlineData("\u05E9\u05F4")]
    [InlineData("a\u05E9\u05F4\u05F4\u05F4")]
    [InlineData("a\u30C5c\u30FBdef")]
    [InlineData("abc\u30FBd\u3076f")]
    [InlineData("\u2E90bc\u30FBdef")]
    [InlineData("\u0661\u0662\u0663\u0664\u0665")]
    [InlineData("\u06F1\u06F2\u06F3\u06F4\u06F5")]
    public void Contextual_code_point_in_its_context_is_valid(string input)
    {
        Assert.True(StringClassRules.IsValid(input, StringClass.Freeform));
    }

    [Theory]
    [InlineData("\u200C")]
    [InlineData("\u200Ca")]
    [InlineData("a\u200C")]
    [InlineData("\u200C\u0627")]
    [InlineData("\u062C\u200C")]
    [InlineData("\u0610\u200C\u0610\u0627")]
    [InlineData("\u062C\u0610\u200C\u0610")]
    [InlineData("\u0627\u200C\u062C")]
    [InlineData("\uA872\u0A4D\u0610\u200C")]
    [InlineData("\uA872\u0ACD\u0610\u200C")]
    [InlineData("\u200D")]
    [InlineData("\u200Da")]
    [InlineData("a\u200D")]
    [InlineData("\u0A4Da\u200D")]
    [InlineData("\u00B7")]
    [InlineData("l\u00B7")]
    [InlineData("\u00B7l")]
    [InlineData("a\u00B7")]
    [InlineData("l\u00B7a")]
    [InlineData("a\u00B7a")]
    [InlineData("\u0375")]
    [InlineData("\u0375a")]
    [InlineData("\u03B1\u0375")]
    [InlineData("\u03B1\u0375\u0375")]
    [InlineData("\u03B1\u0375\u0375a")]
    [InlineData("\u05F3")]
    [InlineData("\u05F3\u05D4")]
    [InlineData("a\u05F3b")]
    [InlineData("\u05F4")]
    [InlineData("\u05F4\u05D4")]
    [InlineData("a\u05F4b")]
    [InlineData("\u30FB")]
    [InlineData("abc\u30FB")]
    [InlineData("\u30FBdef")]
    [InlineData("abc\u30FBdef")]
    [InlineData("\u0661\u0662\u0663\u0664\u0665\u06F6")]
    [InlineData("\u06F1\u06F2\u06F3\u06F4\u06F5\u0666")]
    public void Contextual_code_point_out_of_context_is_refused(string input)
    {
        Assert.False(StringClassRules.IsValid(input, StringClass.Freeform));
    }
}
