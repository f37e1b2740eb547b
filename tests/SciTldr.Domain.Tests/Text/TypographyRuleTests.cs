using SciTldr.Domain.Text;

namespace SciTldr.Domain.Tests.Text;

/// <summary>Rule 4: typographic quotes, dashes and the ellipsis mapped to ASCII.</summary>
public sealed class TypographyRuleTests
{
    [Theory]
    [InlineData("\u2018a\u2019", "'a'")]
    [InlineData("\u201Aa\u201B", "'a'")]
    [InlineData("f\u2032(x)", "f'(x)")]
    [InlineData("don\u2019t", "don't")]
    public void Single_quotes_and_the_prime_become_an_apostrophe(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("\u201Cdeep\u201D", "\"deep\"")]
    [InlineData("\u201Edeep\u201F", "\"deep\"")]
    [InlineData("12\u2033", "12\"")]
    public void Double_quotes_and_the_double_prime_become_a_double_quote(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("2018\u20132019", "2018-2019")]
    [InlineData("this\u2014that", "this-that")]
    [InlineData("a\u2015b", "a-b")]
    [InlineData("a\u2012b", "a-b")]
    [InlineData("\u22121", "-1")]
    [InlineData("state\u2010of\u2011the-art", "state-of-the-art")]
    public void Dashes_and_the_minus_sign_become_a_hyphen(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Fact]
    public void The_ellipsis_becomes_three_periods()
    {
        Assert.Equal("and so on...", TextNormalizer.Normalize("and so on\u2026"));
    }

    [Fact]
    public void Small_and_fullwidth_forms_reach_the_same_ascii()
    {
        // NFKC turns U+FE58 into an em dash and U+FF02 into '"'; rule 4 then maps the dash.
        Assert.Equal("a-b \"c\"", TextNormalizer.Normalize("a\uFE58b \uFF02c\uFF02"));
    }
}
