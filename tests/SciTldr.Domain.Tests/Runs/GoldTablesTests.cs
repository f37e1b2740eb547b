using Parquet;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Runs;
using SciTldr.Domain.Tests.ReferenceFigures;

namespace SciTldr.Domain.Tests.Runs;

public sealed class GoldTablesTests
{
    private static readonly RunQuality Quality = new(true, new Dictionary<string, RuleSummary>());

    [Fact]
    public void Aggregates_list_every_histogram_for_both_sources_even_without_peer_reviews()
    {
        var aggregates = GoldAggregates.From("r1", "train", SplitPipeline.For("train").MergedStats, Quality);

        var expected = GoldMetrics.Histograms.Sum(h => h.BySource ? GoldMetrics.Sources.Count : 1);
        Assert.Equal(expected, aggregates.Histograms.Count);
        var peerRouge = aggregates.Histograms.Single(h => h.Metric == GoldMetrics.Rouge1F1 && h.Source == "peer_review");
        Assert.All(peerRouge.Counts, c => Assert.Equal(0, c));
        Assert.Null(aggregates.Means.BySource["peer_review"][GoldMetrics.Rouge1F1]);
        Assert.NotNull(aggregates.Means.BySource["author"][GoldMetrics.Rouge1F1]);
        Assert.Equal(GoldAggregates.SchemaName, aggregates.Schema);
    }

    [Fact]
    public void Aggregates_keep_the_top_100_keyphrases_most_papers_first()
    {
        var stats = SplitPipeline.For("train").MergedStats;

        var keyphrases = GoldAggregates.From("r1", "train", stats, Quality).Keyphrases;

        Assert.Equal(Math.Min(GoldAggregates.TopKeyphrases, stats.KeyphrasePapers.Count), keyphrases.Count);
        Assert.Equal(stats.KeyphrasePapers.Values.Max(), keyphrases[0].Papers);
        Assert.True(keyphrases.Zip(keyphrases.Skip(1)).All(p => p.First.Papers > p.Second.Papers
            || (p.First.Papers == p.Second.Papers && string.CompareOrdinal(p.First.Keyphrase, p.Second.Keyphrase) < 0)));
    }

    [Fact]
    public async Task Gold_parquet_is_the_same_bytes_for_the_same_rows_however_partitioned()
    {
        var features = SplitPipeline.For("dev").Features;
        var whole = StatsOf(features);
        var bySevens = PartitionStats.MergeAll(features.Chunk(7).Select(StatsOf));

        foreach (var write in new Func<Stream, PartitionStats, Task>[]
        {
            (s, st) => GoldParquet.WriteHistogramsAsync(s, st),
            (s, st) => GoldParquet.WriteKeyphrasesAsync(s, st),
            (s, st) => GoldParquet.WriteResearchAreasAsync(s, st),
        })
        {
            var bytes = await Bytes(write, whole);
            Assert.NotEmpty(bytes);
            Assert.Equal(bytes, await Bytes(write, bySevens));
            Assert.Equal(bytes, await Bytes(write, whole));
        }
    }

    [Fact]
    public async Task Histogram_table_reads_back_with_one_row_per_bin_and_outliers_as_open_bins()
    {
        var stats = PartitionStats.Empty with
        {
            Histograms = new Dictionary<string, FixedHistogram>
            {
                [GoldMetrics.AbstractWords] = FixedHistogram.Of(GoldMetrics.EdgesOf(GoldMetrics.AbstractWords), [-1, 0, 20, 600]),
            },
        };

        using var stream = new MemoryStream(await Bytes((s, st) => GoldParquet.WriteHistogramsAsync(s, st), stats));
        await using var reader = await ParquetReader.CreateAsync(stream);
        using var group = reader.OpenRowGroupReader(0);
        var rows = (int)group.RowCount;
        var metric = new string?[rows];
        var low = new double?[rows];
        var high = new double?[rows];
        var count = new long[rows];
        await group.ReadAsync(GoldParquet.Histograms.Metric, metric.AsMemory());
        await group.ReadAsync<double>(GoldParquet.Histograms.BinLow, low.AsMemory());
        await group.ReadAsync<double>(GoldParquet.Histograms.BinHigh, high.AsMemory());
        await group.ReadAsync<long>(GoldParquet.Histograms.Count, count.AsMemory());

        var bins = GoldMetrics.Histograms.Sum(h => (h.Edges.Count - 1) * (h.BySource ? 2 : 1));
        Assert.Equal(bins + 2, rows);
        Assert.Equal("histograms/1", reader.CustomMetadata[GoldParquet.SchemaKey]);
        Assert.Equal((GoldMetrics.AbstractWords, (double?)null, (double?)0, 1L), (metric[0], low[0], high[0], count[0]));
        Assert.Equal((0.0, 20.0, 1L), (low[1]!.Value, high[1]!.Value, count[1]));
        Assert.Equal((20.0, 40.0, 1L), (low[2]!.Value, high[2]!.Value, count[2]));
        var above = Array.FindIndex(high, h => h is null);
        Assert.Equal((500.0, 1L), (low[above]!.Value, count[above]));
        Assert.Equal(4, count.Sum());
    }

    private static PartitionStats StatsOf(IReadOnlyList<SciTldr.Domain.Features.ExtractedFeatures> features) =>
        PartitionStats.From([.. features.Select(f => f.Paper)], [.. features.SelectMany(f => f.Tldrs)]);

    private static async Task<byte[]> Bytes(Func<Stream, PartitionStats, Task> write, PartitionStats stats)
    {
        using var stream = new MemoryStream();
        await write(stream, stats);
        return stream.ToArray();
    }
}
