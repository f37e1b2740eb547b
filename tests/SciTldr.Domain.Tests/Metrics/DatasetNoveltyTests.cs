using System.Text.Json;
using SciTldr.Domain.Metrics;
using SciTldr.Testing;

namespace SciTldr.Domain.Tests.Metrics;

/// <summary>
/// Novel n-gram percentages over a whole bundled split, against the figures the data set README
/// states for lower-cased whitespace tokens. They are pooled: Σ novel n-grams / Σ n-grams over
/// every TLDR, each TLDR against its whole abstract (n-grams may span sentence boundaries).
/// A per-TLDR mean of percentages gives 40.1 / 80.0 / 90.1 on dev and 30.9 / 68.5 / 81.0 on
/// train instead, so it is not the README's definition.
/// </summary>
public sealed class DatasetNoveltyTests
{
    [Theory]
    [InlineData("dev", 40.8, 80.7, 90.3)]
    [InlineData("train", 30.2, 67.0, 79.0)]
    public void Pooled_novel_ngram_percentages_match_the_readme(string split, double unigrams, double bigrams, double trigrams)
    {
        var novel = new long[4];
        var total = new long[4];
        var tldrs = 0;
        foreach (var (abstractTokens, tldrTokens) in Pairs(split == "dev" ? RepositoryPaths.DevSplit : RepositoryPaths.TrainSplit))
        {
            tldrs++;
            for (var n = 1; n <= 3; n++)
            {
                var (tldrNovel, tldrTotal) = NovelNgrams.Count(tldrTokens, abstractTokens, n);
                novel[n] += tldrNovel;
                total[n] += tldrTotal;

                var percent = NovelNgrams.Percent(tldrTokens, abstractTokens, n);
                Assert.Equal(tldrTotal == 0, percent is null);
                Assert.Equal(tldrTotal == 0 ? 0 : 100.0 * tldrNovel / tldrTotal, percent ?? 0);
            }
        }

        Assert.Equal(split == "dev" ? 1453 : 1992, tldrs);
        Assert.Equal(unigrams, 100.0 * novel[1] / total[1], 0.1);
        Assert.Equal(bigrams, 100.0 * novel[2] / total[2], 0.1);
        Assert.Equal(trigrams, 100.0 * novel[3] / total[3], 0.1);
    }

    /// <summary>Every (abstract, TLDR) pair of a split, tokenized as the README's figures are.</summary>
    private static IEnumerable<(string[] Abstract, string[] Tldr)> Pairs(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            using var record = JsonDocument.Parse(line);
            var abstractTokens = new List<string>();
            foreach (var sentence in record.RootElement.GetProperty("source").EnumerateArray())
            {
                abstractTokens.AddRange(Tokens.Of(sentence.GetString()!));
            }

            var source = abstractTokens.ToArray();
            foreach (var tldr in record.RootElement.GetProperty("target").EnumerateArray())
            {
                yield return (source, Tokens.Of(tldr.GetString()!));
            }
        }
    }
}
