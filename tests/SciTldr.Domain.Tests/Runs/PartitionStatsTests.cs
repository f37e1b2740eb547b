using SciTldr.Domain.Features;
using SciTldr.Domain.Records;
using SciTldr.Domain.Runs;
using static SciTldr.Domain.Tests.TestRecords;

namespace SciTldr.Domain.Tests.Runs;

public sealed class PartitionStatsTests
{
    // Abstract words 6 and 4; TLDR words 2 (author), 3 (peer), 4 (author); compression 3, 2, 1.
    private static readonly PaperRecord[] Records =
    [
        Paper("a", source: ["one two three", "four five six"], target: ["t1 t2", "p1 p2 p3"]),
        Paper("b", source: ["w1 w2 w3 w4"], target: ["x1 x2 x3 x4"]),
    ];

    [Fact]
    public void Sums_and_counts_of_hand_worked_rows()
    {
        var stats = Stats(Records);

        Assert.Equal(
            new PartitionStats
            {
                Papers = 2,
                Tldrs = 3,
                AuthorTldrs = 2,
                PeerReviewTldrs = 1,
                AbstractWordsSum = 10,
                AbstractSentencesSum = 3,
                AuthorTldrWordsSum = 6,
                PeerReviewTldrWordsSum = 3,
                CompressionSum = 6,
                CompressionPairs = 3,
            },
            stats with { Histograms = PartitionStats.Empty.Histograms, Sums = PartitionStats.Empty.Sums, KeyphrasePapers = PartitionStats.Empty.KeyphrasePapers, ResearchAreaPapers = PartitionStats.Empty.ResearchAreaPapers, StyleFlagTldrs = PartitionStats.Empty.StyleFlagTldrs });
    }

    [Fact]
    public void Means_divide_by_the_matching_counts()
    {
        var stats = Stats(Records);

        Assert.Equal(5.0, stats.AbstractWordsMean);
        Assert.Equal(1.5, stats.AbstractSentencesMean);
        Assert.Equal(3.0, stats.AuthorTldrWordsMean);
        Assert.Equal(3.0, stats.PeerReviewTldrWordsMean);
        Assert.Equal(2.0, stats.CompressionMean);
    }

    [Fact]
    public void Means_are_null_without_data()
    {
        var stats = Stats([Paper("solo", target: ["only author"])]);

        Assert.Null(stats.PeerReviewTldrWordsMean);
        Assert.Null(PartitionStats.Empty.AbstractWordsMean);
        Assert.Null(PartitionStats.Empty.CompressionMean);
    }

    [Fact]
    public void Tldrs_without_words_are_left_out_of_compression()
    {
        var stats = Stats([Paper("p", source: ["a b c d"], target: ["a b", "   "])]);

        Assert.Equal(2, stats.Tldrs);
        Assert.Equal(1, stats.CompressionPairs);
        Assert.Equal(2.0, stats.CompressionMean);
    }

    [Fact]
    public void Merging_adds_every_sum_and_count()
    {
        var merged = Stats(Records[..1]).Merge(Stats(Records[1..]));

        Assert.Equal(Stats(Records), merged);
    }

    [Fact]
    public void Merge_is_associative_and_empty_is_its_identity()
    {
        var a = Stats([Paper("a", source: ["x y z"], target: ["q"])]);
        var b = Stats([Paper("b", source: ["x y"], target: ["q r s", "t u v w"])]);
        var c = Stats([Paper("c", source: ["w w w w w w w"], target: ["q q"])]);

        var left = a.Merge(b).Merge(c);
        var right = a.Merge(b.Merge(c));

        Assert.Equal(left with { CompressionSum = 0 }, right with { CompressionSum = 0 });
        Assert.Equal(left.CompressionSum, right.CompressionSum, 12);
        Assert.Equal(a, PartitionStats.Empty.Merge(a));
        Assert.Equal(a, a.Merge(PartitionStats.Empty));
        Assert.Equal(left, PartitionStats.MergeAll([a, b, c]));
    }

    private static PartitionStats Stats(PaperRecord[] records)
    {
        var extracted = records.Select(ExtractedFeatures.From).ToList();
        return PartitionStats.From([.. extracted.Select(e => e.Paper)], [.. extracted.SelectMany(e => e.Tldrs)]);
    }
}
