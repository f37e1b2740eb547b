using SciTldr.Domain.Text;

namespace SciTldr.Domain.Tests.Text;

public sealed class WordTokenizerTests
{
    [Fact]
    public void Splits_a_sentence_into_lower_cased_words_keeping_hyphens_and_decimals()
    {
        Assert.Equal(
            ["we", "propose", "bert-based", "models", "achieving", "3.5", "gains", "state-of-the-art"],
            WordTokenizer.Tokenize("We propose BERT-based models, achieving 3.5% gains (state-of-the-art)."));
    }

    [Fact]
    public void Periods_between_letters_separate_tokens()
    {
        Assert.Equal(["e", "g", "x1", "vs", "x2"], WordTokenizer.Tokenize("e.g., x1 vs. x2"));
    }

    [Theory]
    [InlineData("don't", "don't")]
    [InlineData("Bengio's", "bengio's")]
    [InlineData("BERT-base", "bert-base")]
    [InlineData("1,000", "1,000")]
    [InlineData("0.25", "0.25")]
    [InlineData("v1.2.3", "v1.2.3")]
    [InlineData("x2-y", "x2-y")]
    public void Joiners_between_word_characters_stay_inside_the_token(string text, string token)
    {
        Assert.Equal([token], WordTokenizer.Tokenize(text));
    }

    [Theory]
    [InlineData("'quoted'", new[] { "quoted" })]
    [InlineData("-based and pre-", new[] { "based", "and", "pre" })]
    [InlineData("a--b", new[] { "a", "b" })]
    [InlineData("a.b", new[] { "a", "b" })]
    [InlineData("3.x", new[] { "3", "x" })]
    [InlineData("a,1", new[] { "a", "1" })]
    [InlineData("1.", new[] { "1" })]
    [InlineData("(3,4)", new[] { "3,4" })]
    [InlineData("rock'n'roll", new[] { "rock'n'roll" })]
    [InlineData("a - b", new[] { "a", "b" })]
    public void Joiners_at_an_edge_or_between_other_characters_separate(string text, string[] tokens)
    {
        Assert.Equal(tokens, WordTokenizer.Tokenize(text));
    }

    [Theory]
    [InlineData("https://github.com/a_b", new[] { "https", "github", "com", "a", "b" })]
    [InlineData("f(x) = σ(Wx) + ξ", new[] { "f", "x", "σ", "wx", "ξ" })]
    [InlineData("50% / 3× / $5 / #1", new[] { "50", "3", "5", "1" })]
    [InlineData("", new string[0])]
    [InlineData(" .,;:!? ", new string[0])]
    public void Punctuation_symbols_and_whitespace_separate_and_are_dropped(string text, string[] tokens)
    {
        Assert.Equal(tokens, WordTokenizer.Tokenize(text));
    }

    [Theory]
    [InlineData("ÉCOLE Polytechnique", new[] { "école", "polytechnique" })]
    [InlineData("Straße ΣΑΣ", new[] { "straße", "σασ" })]
    [InlineData("数据集 and データ", new[] { "数据集", "and", "データ" })]
    public void Lower_cases_every_script_invariantly(string text, string[] tokens)
    {
        Assert.Equal(tokens, WordTokenizer.Tokenize(text));
    }

    [Fact]
    public void Combining_marks_stay_inside_their_token_but_do_not_start_one()
    {
        Assert.Equal(["cafe\u0301", "x"], WordTokenizer.Tokenize("Cafe\u0301 \u0301x"));
    }

    [Fact]
    public void Surrogate_pairs_are_never_split()
    {
        Assert.Equal(["\U0001D465\U0001D466", "z\U0001D400"], WordTokenizer.Tokenize("\U0001D465\U0001D466 z\U0001D400"));
        Assert.Equal(["a", "b"], WordTokenizer.Tokenize("a\U0001F600b"));
        Assert.Equal(["a", "b"], WordTokenizer.Tokenize("a\uD800b"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("We propose BERT-based models, achieving 3.5% gains (state-of-the-art).")]
    [InlineData("e.g., x1 vs. x2 -- don't \U0001D465 1,000.5")]
    public void Count_agrees_with_tokenize(string text)
    {
        Assert.Equal(WordTokenizer.Tokenize(text).Length, WordTokenizer.Count(text));
    }

    [Fact]
    public void Count_works_on_a_slice_without_a_string()
    {
        var text = "one two three four".AsSpan();
        Assert.Equal(2, WordTokenizer.Count(text[4..13]));
    }

    [Fact]
    public void Null_text_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => WordTokenizer.Tokenize(null!));
    }
}
