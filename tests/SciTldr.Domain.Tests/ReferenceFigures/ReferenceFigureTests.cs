using SciTldr.Domain.Features;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Runs;
using SciTldr.Domain.Silver;
using SciTldr.Domain.Tests.Quality.Rulesets;

namespace SciTldr.Domain.Tests.ReferenceFigures;

/// <summary>The figures of data/scitldr/README.md, computed independently, reproduced by the domain code.</summary>
public sealed class ReferenceFigureTests
{
    [Theory]
    [InlineData("dev", 619)]
    [InlineData("train", 1992)]
    public void Every_line_is_an_accepted_record_including_the_unterminated_last_one(string split, long papers)
    {
        var run = SplitPipeline.For(split);

        Assert.NotEqual((byte)'\n', run.FileBytes[^1]);
        Assert.Equal((papers, papers, 0L, 0L), (run.Counts.Lines, run.Counts.Accepted, run.Counts.Quarantined, run.Counts.Blank));
        Assert.Empty(run.Counts.Quarantine);
        Assert.True(run.Counts.IsReconciled);
    }

    [Theory]
    [InlineData("dev", 619, 1453, 834)]
    [InlineData("train", 1992, 1992, 0)]
    public void Paper_and_tldr_counts_match(string split, long papers, long tldrs, long peerReviewTldrs)
    {
        var stats = SplitPipeline.For(split).MergedStats;

        Assert.Equal(papers, stats.Papers);
        Assert.Equal(tldrs, stats.Tldrs);
        Assert.Equal(peerReviewTldrs, stats.PeerReviewTldrs);
        Assert.Equal(papers, stats.AuthorTldrs);
    }

    [Theory]
    [InlineData("dev", 19)]
    [InlineData("train", 63)]
    public void Quality_rules_find_the_known_misalignments_and_nothing_else(string split, int misaligned)
    {
        var run = SplitPipeline.For(split);

        Assert.Equal(misaligned, run.FailedCount(Rules.SourceAlignmentId));
        Assert.Equal(0, run.FailedCount(Rules.SingleOracleId));
        Assert.Equal(0, run.FailedCount(Rules.AbstractNonemptyId));
        Assert.Equal(0, run.FailedCount(Rules.TldrNonemptyId));
        Assert.Equal(0, run.FailedCount(Rules.RougeRangeId));
        Assert.All(run.Partitions, p => Assert.True(p.Passed));
        Assert.All(run.Partitions, p => Assert.Empty(p.Quarantined));
    }

    [Theory]
    [InlineData("dev", 159.03, 18.96, 24.36, 8.38, 7.25)]
    [InlineData("train", 158.73, 19.27, null, 9.68, 7.17)]
    public void Summary_means_match_to_two_decimals(
        string split, double abstractWords, double authorTldrWords, double? peerReviewTldrWords, double compression, double sentences)
    {
        var stats = RunStats.From(SplitPipeline.For(split).MergedStats);

        Assert.Equal(new RunStats(abstractWords, authorTldrWords, peerReviewTldrWords, compression, sentences), stats);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("train")]
    public void Merging_partitions_of_100_equals_one_partition_of_everything(string split)
    {
        var run = SplitPipeline.For(split);
        var whole = PartitionStats.From([.. run.Features.Select(f => f.Paper)], [.. run.Features.SelectMany(f => f.Tldrs)]);
        var merged = run.MergedStats;

        Assert.True(run.Partitions.Count > 1);
        Assert.Equal(whole with { CompressionSum = 0 }, merged with { CompressionSum = 0 });
        Assert.Equal(whole.CompressionSum, merged.CompressionSum, 1e-9);
        Assert.Equal(whole.CompressionMean!.Value, merged.CompressionMean!.Value, 1e-9);
    }

    [Theory]
    [InlineData("dev", 3)]
    [InlineData("train", 9)]
    public void Duplicate_titles_match(string split, int duplicates)
    {
        var records = SplitPipeline.For(split).Records;

        Assert.Equal(duplicates, records.Count - records.Select(r => r.Title).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Paper_ids_are_unique_across_both_splits()
    {
        var ids = SplitPipeline.For("dev").Records.Concat(SplitPipeline.For("train").Records).Select(r => r.PaperId);

        Assert.Equal(2611, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Quality_results_are_the_same_after_a_silver_round_trip()
    {
        var run = SplitPipeline.For("dev");
        var partition = run.Features.Take(SplitPipeline.PartitionSize).ToList();
        IReadOnlyList<PaperFeatures> papers = [.. partition.Select(f => f.Paper)];
        IReadOnlyList<TldrFeatures> tldrs = [.. partition.SelectMany(f => f.Tldrs)];

        using var papersFile = new MemoryStream();
        using var tldrsFile = new MemoryStream();
        await SilverParquet.WritePapersAsync(papersFile, papers);
        await SilverParquet.WriteTldrsAsync(tldrsFile, tldrs);
        papersFile.Position = 0;
        tldrsFile.Position = 0;
        var silverPapers = await SilverParquet.ReadPapersAsync(papersFile);
        var silverTldrs = await SilverParquet.ReadTldrsAsync(tldrsFile);

        Assert.Equal(papers, silverPapers);
        Assert.Equal(tldrs, silverTldrs);
        Assert.Equal(run.Partitions[0].Rules, PartitionQualityChecker.Check(silverPapers, silverTldrs, TestRulesets.Default).Rules, RuleResultComparer.Instance);
    }

    private sealed class RuleResultComparer : IEqualityComparer<RuleResult>
    {
        public static readonly RuleResultComparer Instance = new();

        public bool Equals(RuleResult? x, RuleResult? y) =>
            x is not null && y is not null
            && (x.RuleId, x.Severity, x.Evaluated, x.Failed) == (y.RuleId, y.Severity, y.Evaluated, y.Failed)
            && x.Examples.SequenceEqual(y.Examples);

        public int GetHashCode(RuleResult obj) => HashCode.Combine(obj.RuleId, obj.Failed);
    }
}
