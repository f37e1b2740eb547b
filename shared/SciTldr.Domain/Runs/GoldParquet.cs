using Parquet;
using Parquet.Schema;

namespace SciTldr.Domain.Runs;

/// <summary>
/// The gold tables for Athena and QuickSight, written from a run's merged statistics. Like silver, the
/// bytes depend only on the statistics: one row group, fixed column and row order, snappy, no timestamps.
/// </summary>
public static class GoldParquet
{
    public const string HistogramsFile = "histograms.parquet";
    public const string KeyphrasesFile = "keyphrases.parquet";
    public const string ResearchAreasFile = "research_areas.parquet";

    /// <summary>Footer key naming the table and its version, e.g. <c>histograms/1</c>.</summary>
    public const string SchemaKey = "scitldr.gold.schema";

    private static readonly ParquetOptions Options = new() { CompressionMethod = CompressionMethod.Snappy };

    public static class Histograms
    {
        public const string SchemaName = "histograms/1";
        public static readonly DataField<string> Metric = new("metric", false);
        public static readonly DataField<string> Source = new("source", true);
        public static readonly DataField<double> BinLow = new("bin_low", true);
        public static readonly DataField<double> BinHigh = new("bin_high", true);
        public static readonly DataField<long> Count = new("count", false);
        public static readonly ParquetSchema Schema = new(Metric, Source, BinLow, BinHigh, Count);
    }

    public static class Keyphrases
    {
        public const string SchemaName = "keyphrases/1";
        public static readonly DataField<string> Keyphrase = new("keyphrase", false);
        public static readonly DataField<long> Papers = new("papers", false);
        public static readonly ParquetSchema Schema = new(Keyphrase, Papers);
    }

    public static class ResearchAreas
    {
        public const string SchemaName = "research_areas/1";
        public static readonly DataField<string> Area = new("area", false);
        public static readonly DataField<long> Papers = new("papers", false);
        public static readonly ParquetSchema Schema = new(Area, Papers);
    }

    /// <summary>
    /// One row per bin of every histogram (<see cref="GoldAggregates.AllHistograms"/>), plus a row for the
    /// values below the first edge (<c>bin_low</c> null) or above the last (<c>bin_high</c> null) when there are any.
    /// </summary>
    public static async Task WriteHistogramsAsync(Stream output, PartitionStats stats, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(stats);

        var rows = new List<(string Metric, string? Source, double? Low, double? High, long Count)>();
        foreach (var histogram in GoldAggregates.AllHistograms(stats))
        {
            if (histogram.Below > 0)
            {
                rows.Add((histogram.Metric, histogram.Source, null, histogram.Edges[0], histogram.Below));
            }

            for (var i = 0; i < histogram.Counts.Count; i++)
            {
                rows.Add((histogram.Metric, histogram.Source, histogram.Edges[i], histogram.Edges[i + 1], histogram.Counts[i]));
            }

            if (histogram.Above > 0)
            {
                rows.Add((histogram.Metric, histogram.Source, histogram.Edges[^1], null, histogram.Above));
            }
        }

        await using var writer = await CreateWriterAsync(Histograms.Schema, Histograms.SchemaName, output, cancellationToken);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(Histograms.Metric, rows.Select(r => (string?)r.Metric).ToArray());
        await group.WriteAsync(Histograms.Source, rows.Select(r => r.Source).ToArray());
        await group.WriteAsync<double>(Histograms.BinLow, rows.Select(r => r.Low).ToArray(), cancellationToken: cancellationToken);
        await group.WriteAsync<double>(Histograms.BinHigh, rows.Select(r => r.High).ToArray(), cancellationToken: cancellationToken);
        await group.WriteAsync<long>(Histograms.Count, rows.Select(r => r.Count).ToArray(), cancellationToken: cancellationToken);
    }

    /// <summary>Every keyphrase of the run with its papers, most papers first (ties by keyphrase).</summary>
    public static Task WriteKeyphrasesAsync(Stream output, PartitionStats stats, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return WriteCountsAsync(output, Keyphrases.Schema, Keyphrases.SchemaName, Keyphrases.Keyphrase, Keyphrases.Papers, stats.KeyphrasePapers, cancellationToken);
    }

    /// <summary>Every research area of the run with its papers, most papers first (ties by id).</summary>
    public static Task WriteResearchAreasAsync(Stream output, PartitionStats stats, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return WriteCountsAsync(output, ResearchAreas.Schema, ResearchAreas.SchemaName, ResearchAreas.Area, ResearchAreas.Papers, stats.ResearchAreaPapers, cancellationToken);
    }

    private static async Task WriteCountsAsync(
        Stream output, ParquetSchema schema, string schemaName, DataField<string> name, DataField<long> papers,
        IReadOnlyDictionary<string, long> counts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rows = GoldAggregates.ByPapers(counts).ToList();

        await using var writer = await CreateWriterAsync(schema, schemaName, output, cancellationToken);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(name, rows.Select(r => (string?)r.Key).ToArray());
        await group.WriteAsync<long>(papers, rows.Select(r => r.Value).ToArray(), cancellationToken: cancellationToken);
    }

    private static async Task<ParquetWriter> CreateWriterAsync(ParquetSchema schema, string schemaName, Stream output, CancellationToken cancellationToken)
    {
        var writer = await ParquetWriter.CreateAsync(schema, output, Options, append: false, cancellationToken);
        writer.CustomMetadata = new Dictionary<string, string> { [SchemaKey] = schemaName };
        return writer;
    }
}
