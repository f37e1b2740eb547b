using SciTldr.Domain.Features;

namespace SciTldr.Domain.Tests.Features;

public sealed class TokenizerTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("word", 1)]
    [InlineData("two words", 2)]
    [InlineData("  leading and trailing  ", 3)]
    [InlineData("tabs\tand\nnewlines\r\nmix", 4)]
    [InlineData("many     spaces  between", 3)]
    [InlineData("punctuation , is a token .", 6)]
    [InlineData("non\u00a0breaking space", 3)]
    [InlineData("hyphen-ated stays-one", 2)]
    public void Counts_maximal_runs_of_non_whitespace(string text, int expected)
    {
        Assert.Equal(expected, Tokenizer.CountWhitespaceTokens(text));
    }

    [Fact]
    public void Null_text_has_no_tokens()
    {
        Assert.Equal(0, Tokenizer.CountWhitespaceTokens((string?)null));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("abc", 3)]
    [InlineData("café", 4)]
    [InlineData("😀 ok", 4)]
    public void Counts_characters_as_unicode_scalar_values(string text, int expected)
    {
        Assert.Equal(expected, Tokenizer.CountCharacters(text));
    }
}
