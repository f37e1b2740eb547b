using SciTldr.Domain.Text;

namespace SciTldr.Domain.Tests.Text;

/// <summary>Rule 3: Unicode NFKC (the platform's own Normalize is inert under InvariantGlobalization).</summary>
public sealed class UnicodeRuleTests
{
    [Theory]
    [InlineData("ﬁne-tuning", "fine-tuning")]
    [InlineData("eﬀective ﬂow", "effective flow")]
    [InlineData("x² and x₂", "x2 and x2")]
    [InlineData("ＢＥＲＴ，ｏｋ", "BERT,ok")]
    [InlineData("\U0001D431 \U0001D6FC", "x α")]
    [InlineData("µm", "μm")]
    [InlineData("½", "1⁄2")]
    [InlineData("ϵ and ϕ", "ε and φ")]
    [InlineData("㎏", "kg")]
    [InlineData("Ⅳ", "IV")]
    public void Compatibility_characters_become_their_plain_forms(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("cafe\u0301", "caf\u00E9")]
    [InlineData("A\u030A", "\u00C5")]
    [InlineData("\u212B", "\u00C5")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]
    [InlineData("a\u0328\u0301", "\u0105\u0301")]
    public void Letters_and_accents_compose(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("naïve café")]
    [InlineData("β-VAE with σ = 0.1")]
    [InlineData("数据集")]
    public void Text_already_in_nfkc_is_returned_as_it_is(string input)
    {
        Assert.Same(input, TextNormalizer.Normalize(input));
    }

    [Fact]
    public void A_spacing_accent_decomposes_as_nfkc_says()
    {
        // U+00B4 is <compat> SPACE + COMBINING ACUTE: NFKC's answer, kept as the standard gives it.
        Assert.Equal("Mont \u0301ufar", TextNormalizer.Normalize("Mont\u00B4ufar"));
    }

    [Fact]
    public void Normalizing_with_the_tables_needs_no_platform_support()
    {
        Assert.Equal("15.0.0", TextNormalizer.UnicodeVersion);
        Assert.Equal("fi", TextNormalizer.Normalize("\uFB01"));
    }
}
