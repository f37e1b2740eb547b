using SciTldr.Domain.Metrics;

namespace SciTldr.Domain.Tests.Metrics;

public sealed class NovelNgramsTests
{
    private const double Exact = 1e-12;

    [Fact]
    public void Counts_repeated_summary_ngrams_with_multiplicity()
    {
        // summary "a a b", source "a": unigrams a, a, b; only b is absent → 1 of 3 = 33.33…%.
        Assert.Equal(100.0 / 3, NovelNgrams.Percent(Tokens.Of("a a b"), Tokens.Of("a"), 1)!.Value, Exact);

        // summary "b b a", source "a": b twice → 2 of 3.
        Assert.Equal(200.0 / 3, NovelNgrams.Percent(Tokens.Of("b b a"), Tokens.Of("a"), 1)!.Value, Exact);
    }

    [Fact]
    public void Bigrams_are_novel_when_the_words_exist_but_not_in_that_order()
    {
        // Every summary word is in the source (0% novel unigrams), but of the bigrams
        // "model learns", "learns fast" only the second occurs there → 1 of 2 = 50%; the one
        // trigram "model learns fast" is absent → 100%.
        var summary = Tokens.Of("model learns fast");
        var source = Tokens.Copied("the model is good . it learns fast");

        Assert.Equal(0, NovelNgrams.Percent(summary, source, 1));
        Assert.Equal(50, NovelNgrams.Percent(summary, source, 2));
        Assert.Equal(100, NovelNgrams.Percent(summary, source, 3));
    }

    [Theory]
    [InlineData("", "a b", 1)]
    [InlineData("a", "a b", 2)]
    [InlineData("a b", "a b c", 3)]
    public void Fewer_summary_tokens_than_n_gives_null(string summary, string source, int n)
    {
        Assert.Null(NovelNgrams.Percent(Tokens.Of(summary), Tokens.Of(source), n));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_summary_sharing_nothing_is_all_novel(int n)
    {
        Assert.Equal(100, NovelNgrams.Percent(Tokens.Of("x y z"), Tokens.Of("a b c d"), n));
    }

    [Fact]
    public void An_empty_or_too_short_source_makes_every_summary_ngram_novel()
    {
        Assert.Equal(100, NovelNgrams.Percent(Tokens.Of("a b"), [], 1));
        Assert.Equal(100, NovelNgrams.Percent(Tokens.Of("a b"), Tokens.Of("a"), 2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_summary_copied_from_its_source_has_nothing_novel(int n)
    {
        var source = Tokens.Of("we study transfer learning in vision and language");

        Assert.Equal(0, NovelNgrams.Percent(Tokens.Copied("transfer learning in vision"), source, n));
    }

    [Fact]
    public void Count_gives_the_integers_behind_the_percentage()
    {
        Assert.Equal((1, 3), NovelNgrams.Count(Tokens.Of("a a b"), Tokens.Of("a"), 1));
        Assert.Equal((0, 0), NovelNgrams.Count(Tokens.Of("a"), Tokens.Of("a"), 2));
    }

    [Fact]
    public void Rejects_n_below_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NovelNgrams.Percent(Tokens.Of("a"), Tokens.Of("a"), 0));
    }

    [Fact]
    public void Agrees_with_a_naive_implementation_on_random_sequences()
    {
        var random = new Random(1_992_619);
        foreach (var (summary, source) in RougeTests.RandomPairs(random))
        {
            for (var n = 1; n <= 3; n++)
            {
                var expected = NaiveRouge.NovelPercent(summary, source, n);
                var actual = NovelNgrams.Percent(summary, source, n);

                Assert.Equal(expected.HasValue, actual.HasValue);
                Assert.Equal(expected ?? 0, actual ?? 0, Exact);
            }
        }
    }
}
