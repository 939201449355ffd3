using Parley.Protocol.Precis;

namespace Parley.Protocol.Tests.Precis;

// RFC 5893 §2, its six conditions one by one.
public sealed class BidiRuleTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("abc1")]
    [InlineData("a\u0301")]
    [InlineData("\u05D0\u05D1")]
    [InlineData("\u05D0\u05D11")]
    [InlineData("\u05D0\u05D1\u0661")]
    [InlineData("\u05D0\u0301")]
    [InlineData("\u0628\u0628\u064E")]
    [InlineData("\u05D0-\u05D1")]
    public void String_that_meets_all_six_conditions_passes(string input)
    {
        Assert.True(BidiRule.IsSatisfied(input));
    }

    [Theory]
    [InlineData("1abc")]                 // 1: starts with EN
    [InlineData("\u0661\u05D0")]         // 1: starts with AN
    [InlineData("\u05D0a")]              // 2: L in an RTL label
    [InlineData("\u05D0-")]              // 3: ends with ON
    [InlineData("\u05D01\u0661")]        // 4: EN and AN together
    [InlineData("a\u05D0")]              // 5: R in an LTR label
    [InlineData("a-")]                   // 6: ends with ON
    public void String_that_breaks_a_condition_fails(string input)
    {
        Assert.False(BidiRule.IsSatisfied(input));
    }

    [Theory]
    [InlineData("1abc", true)]
    [InlineData("a-", true)]
    [InlineData("a\u05D0", false)]
    [InlineData("1\u0661", false)]
    public void Precis_applies_the_rule_only_to_strings_with_right_to_left_code_points(string input, bool expected)
    {
        Assert.Equal(expected, BidiRule.IsSatisfiedIfRightToLeft(input));
    }
}
