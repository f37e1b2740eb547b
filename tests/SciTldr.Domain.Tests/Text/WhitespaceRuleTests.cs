using SciTldr.Domain.Text;

namespace SciTldr.Domain.Tests.Text;

/// <summary>Rule 6: every run of Unicode whitespace becomes one ASCII space; none at either end.</summary>
public sealed class WhitespaceRuleTests
{
    [Theory]
    [InlineData("a  b")]
    [InlineData("a \t \n b")]
    [InlineData("a\u00A0b")]
    [InlineData("a\u2000b")]
    [InlineData("a\u2003b")]
    [InlineData("a\u2009b")]
    [InlineData("a\u200Ab")]
    [InlineData("a\u202Fb")]
    [InlineData("a\u205Fb")]
    [InlineData("a\u3000b")]
    [InlineData("a\u2028b")]
    [InlineData("a\u2029b")]
    [InlineData("a\u1680b")]
    [InlineData("a\u0085b")]
    [InlineData("a\u000Bb")]
    [InlineData("a\u000Cb")]
    public void A_run_of_whitespace_becomes_one_space(string input)
    {
        Assert.Equal("a b", TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("  padded  ", "padded")]
    [InlineData("\u00A0\n padded \u3000", "padded")]
    [InlineData("tail. \n\n", "tail.")]
    public void Whitespace_at_either_end_is_trimmed(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t\u00A0\u200B")]
    public void Null_and_blank_text_become_empty(string? input)
    {
        Assert.Equal("", TextNormalizer.Normalize(input));
        Assert.Equal("", TextNormalizer.NormalizeAbstract(input));
    }
}
