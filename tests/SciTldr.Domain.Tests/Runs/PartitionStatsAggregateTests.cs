using System.Text.Json;
using SciTldr.Domain.Features;
using SciTldr.Domain.Runs;
using SciTldr.Domain.Tests.ReferenceFigures;

namespace SciTldr.Domain.Tests.Runs;

/// <summary>The histograms, exact sums and counts of <see cref="PartitionStats"/> on the real splits.</summary>
public sealed class PartitionStatsAggregateTests
{
    public static TheoryData<string, int> SplitsAndPartitionSizes() => new()
    {
        { "dev", 1 },
        { "dev", 7 },
        { "dev", 100 },
        { "dev", 250 },
        { "train", 13 },
        { "train", 100 },
        { "train", 1000 },
    };

    [Theory]
    [MemberData(nameof(SplitsAndPartitionSizes))]
    public void Merging_partitions_equals_computing_on_the_whole_split(string split, int partitionSize)
    {
        var features = SplitPipeline.For(split).Features;
        var whole = Stats(features);

        var merged = PartitionStats.MergeAll(features.Chunk(partitionSize).Select(Stats));

        Assert.True(features.Count > partitionSize);
        Assert.Equal(whole with { CompressionSum = 0 }, merged with { CompressionSum = 0 });
        Assert.Equal(whole.CompressionSum, merged.CompressionSum, 1e-9);
        foreach (var metric in GoldMetrics.MeanMetrics)
        {
            Assert.Equal(whole.MeanOf(metric, TldrSources.Author), merged.MeanOf(metric, TldrSources.Author));
        }

        // The linear MergeAll gives exactly what pairwise merging in partition order gives, compression sum included.
        var pairwise = features.Chunk(partitionSize).Select(Stats).Aggregate(PartitionStats.Empty, static (total, next) => total.Merge(next));
        Assert.Equal(pairwise, merged);
        Assert.Equal(pairwise.CompressionSum, merged.CompressionSum);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("train")]
    public void Histograms_count_every_value_of_their_source(string split)
    {
        var features = SplitPipeline.For(split).Features;
        var stats = Stats(features);
        var tldrs = features.SelectMany(f => f.Tldrs).ToList();

        Assert.Equal(stats.Papers, stats.Histograms[GoldMetrics.AbstractWords].Total);
        foreach (var source in GoldMetrics.Sources)
        {
            var ofSource = tldrs.Where(t => t.Source == source).ToList();
            if (ofSource.Count == 0)
            {
                Assert.DoesNotContain(GoldMetrics.Key(GoldMetrics.Rouge1F1, source), stats.Histograms.Keys);
                continue;
            }

            Assert.Equal(ofSource.Count, stats.Histograms[GoldMetrics.Key(GoldMetrics.TldrWords, source)].Total);
            Assert.Equal(ofSource.Count, stats.Histograms[GoldMetrics.Key(GoldMetrics.Rouge1F1, source)].Total);
            Assert.Equal(ofSource.Count(t => t.Novel3GramPct is not null), stats.Sums[GoldMetrics.Key(GoldMetrics.Novel3GramPct, source)].Count);
            Assert.Equal(ofSource.Count(t => t.OracleRelativePosition is not null), stats.Histograms[GoldMetrics.Key(GoldMetrics.OracleRelativePosition, source)].Total);
            Assert.Equal(ofSource.Count(t => t.FirstPerson), stats.StyleFlagTldrs.GetValueOrDefault(GoldMetrics.Key("first_person", source)));
            Assert.Equal(ofSource.Average(t => t.Rouge1F1), stats.MeanOf(GoldMetrics.Rouge1F1, source)!.Value, 1e-12);
        }
    }

    [Fact]
    public void Keyphrases_and_research_areas_count_papers_once_each()
    {
        var features = SplitPipeline.For("dev").Features;
        var stats = Stats(features);
        var (keyphrase, papers) = stats.KeyphrasePapers.MaxBy(e => e.Value);

        Assert.Equal(features.Count(f => f.Paper.Keyphrases.Split(PaperFeatures.ListSeparator).Contains(keyphrase)), papers);
        Assert.Equal(
            features.Sum(f => f.Paper.ResearchAreas.Split(PaperFeatures.ListSeparator, StringSplitOptions.RemoveEmptyEntries).Distinct().Count()),
            stats.ResearchAreaPapers.Values.Sum());
        Assert.DoesNotContain("", stats.KeyphrasePapers.Keys);
    }

    public static TheoryData<string> OptionSets() => ["default", "web", "summary"];

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Stats_with_histograms_sums_and_counts_round_trip_through_json(string optionSet)
    {
        var options = optionSet switch
        {
            "web" => JsonSerializerOptions.Web,
            "summary" => RunSummaryJson.Options,
            _ => JsonSerializerOptions.Default,
        };
        var stats = Stats(SplitPipeline.For("dev").Features.Take(150).ToList());

        var back = JsonSerializer.Deserialize<PartitionStats>(JsonSerializer.Serialize(stats, options), options)!;

        Assert.NotEmpty(stats.Histograms);
        Assert.NotEmpty(stats.KeyphrasePapers);
        Assert.NotEmpty(stats.StyleFlagTldrs);
        Assert.Equal(stats, back);
        Assert.Equal(stats.MeanOf(GoldMetrics.RougeLF1, TldrSources.PeerReview), back.MeanOf(GoldMetrics.RougeLF1, TldrSources.PeerReview));
        Assert.Equal(back, back.Merge(PartitionStats.Empty));
    }

    [Fact]
    public void Stats_stored_before_the_aggregates_existed_read_as_empty_aggregates()
    {
        var back = JsonSerializer.Deserialize<PartitionStats>("""{"papers":2,"tldrs":3}""", JsonSerializerOptions.Web)!;

        Assert.Equal(PartitionStats.Empty with { Papers = 2, Tldrs = 3 }, back);
        Assert.Empty(back.Histograms);
    }

    [Fact]
    public void Empty_is_what_no_rows_give()
    {
        Assert.Equal(PartitionStats.Empty, PartitionStats.From([], []));
    }

    private static PartitionStats Stats(IReadOnlyList<ExtractedFeatures> features) =>
        PartitionStats.From([.. features.Select(f => f.Paper)], [.. features.SelectMany(f => f.Tldrs)]);
}
