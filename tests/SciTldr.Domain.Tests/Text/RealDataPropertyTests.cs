using SciTldr.Domain.Text;

namespace SciTldr.Domain.Tests.Text;

/// <summary>Properties of normalization and tokenization over every text of the bundled dev and train splits.</summary>
public sealed class RealDataPropertyTests
{
    [Fact]
    public void The_splits_are_all_there()
    {
        Assert.True(SplitTexts.Sentences.Count > 18_000, $"{SplitTexts.Sentences.Count} sentences");
        Assert.True(SplitTexts.TitlesAndTldrs.Count > 6_000, $"{SplitTexts.TitlesAndTldrs.Count} titles and TLDRs");
    }

    [Fact]
    public void Normalizing_a_title_or_tldr_twice_gives_the_same_text()
    {
        AssertIdempotent(SplitTexts.TitlesAndTldrs, TextNormalizer.Normalize);
    }

    [Fact]
    public void Normalizing_an_abstract_sentence_twice_gives_the_same_text()
    {
        AssertIdempotent(SplitTexts.Sentences, TextNormalizer.NormalizeAbstract);
    }

    [Fact]
    public void Normalizing_an_abstract_sentence_as_plain_text_twice_gives_the_same_text()
    {
        AssertIdempotent(SplitTexts.Sentences, TextNormalizer.Normalize);
    }

    [Fact]
    public void Normalization_never_empties_a_text_that_has_letters()
    {
        var emptied = SplitTexts.Sentences.Where(s => s.Any(char.IsLetter) && TextNormalizer.NormalizeAbstract(s).Length == 0)
            .Concat(SplitTexts.TitlesAndTldrs.Where(t => t.Any(char.IsLetter) && TextNormalizer.Normalize(t).Length == 0))
            .ToList();
        Assert.Empty(emptied);
    }

    [Fact]
    public void Normalized_text_keeps_no_character_a_rule_removes()
    {
        foreach (var normalized in SplitTexts.Sentences.Select(TextNormalizer.NormalizeAbstract)
                     .Concat(SplitTexts.TitlesAndTldrs.Select(TextNormalizer.Normalize)))
        {
            Assert.DoesNotContain("  ", normalized, StringComparison.Ordinal);
            Assert.False(normalized.Length > 0 && (normalized[0] == ' ' || normalized[^1] == ' '), normalized);
            Assert.False(normalized.Any(c => char.IsControl(c) || (c != ' ' && char.IsWhiteSpace(c))), normalized);
            Assert.False(normalized.Any(c => c is '\u2018' or '\u2019' or '\u201C' or '\u201D' or '\u2013' or '\u2014' or '\u2026'), normalized);
        }
    }

    [Fact]
    public void Latex_leaves_no_paired_inline_math_in_abstract_sentences()
    {
        var withMath = SplitTexts.Sentences.Count(s => s.Contains("$\\alpha$", StringComparison.Ordinal));
        Assert.True(withMath > 0);
        Assert.DoesNotContain(SplitTexts.Sentences.Select(TextNormalizer.NormalizeAbstract), n => n.Contains("$\\alpha$", StringComparison.Ordinal));
    }

    [Fact]
    public void Token_count_agrees_with_tokenize_on_every_normalized_text()
    {
        foreach (var normalized in SplitTexts.Sentences.Select(TextNormalizer.NormalizeAbstract)
                     .Concat(SplitTexts.TitlesAndTldrs.Select(TextNormalizer.Normalize)))
        {
            var tokens = WordTokenizer.Tokenize(normalized);
            Assert.Equal(tokens.Length, WordTokenizer.Count(normalized));
            Assert.All(tokens, token => Assert.Equal(token.ToLowerInvariant(), token));
        }
    }

    private static void AssertIdempotent(IEnumerable<string> texts, Func<string?, string> normalize)
    {
        var changed = texts.Select(text => normalize(text)).Where(once => normalize(once) != once).ToList();
        Assert.Empty(changed);
    }
}
