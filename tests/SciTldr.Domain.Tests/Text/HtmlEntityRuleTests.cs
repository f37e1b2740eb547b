using SciTldr.Domain.Text;

namespace SciTldr.Domain.Tests.Text;

/// <summary>Rule 1: HTML entities decoded, named and numeric, once.</summary>
public sealed class HtmlEntityRuleTests
{
    [Theory]
    [InlineData("Tom &amp; Jerry", "Tom & Jerry")]
    [InlineData("a &lt; b &gt; c", "a < b > c")]
    [InlineData("&quot;quoted&quot;", "\"quoted\"")]
    [InlineData("it&apos;s", "it's")]
    [InlineData("a&nbsp;b", "a b")]
    [InlineData("2018&ndash;2019", "2018-2019")]
    [InlineData("this&mdash;that", "this-that")]
    [InlineData("and so on&hellip;", "and so on...")]
    [InlineData("&lsquo;a&rsquo; &ldquo;b&rdquo;", "'a' \"b\"")]
    [InlineData("caf&eacute;", "café")]
    [InlineData("&alpha;-divergence", "α-divergence")]
    public void Named_entities_are_decoded(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("2018&#8211;2019", "2018-2019")]
    [InlineData("this&#x2014;that", "this-that")]
    [InlineData("&#65;&#x42;C", "ABC")]
    public void Numeric_entities_are_decoded(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Fact]
    public void Entities_are_decoded_once_not_twice()
    {
        Assert.Equal("&lt;tag&gt;", TextNormalizer.Normalize("&amp;lt;tag&amp;gt;"));
    }

    [Theory]
    [InlineData("AT&T and R&D")]
    [InlineData("&unknown; stays")]
    [InlineData("a & b")]
    public void Text_that_only_looks_like_an_entity_is_kept(string input)
    {
        Assert.Equal(input, TextNormalizer.Normalize(input));
    }

    [Fact]
    public void Abstract_sentences_decode_entities_too()
    {
        Assert.Equal("x < y", TextNormalizer.NormalizeAbstract("x &lt; y"));
    }
}
