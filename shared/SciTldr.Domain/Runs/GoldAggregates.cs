namespace SciTldr.Domain.Runs;

/// <summary>
/// <c>gold/run_id=R/aggregates.json</c>: a finished run's merged statistics, shaped for the dashboard
/// (docs/gold.md). Every histogram of <see cref="GoldMetrics.Histograms"/> is listed, for both sources
/// where it is by source, with zero counts where the run has no values, so the shape never depends on
/// the data.
/// </summary>
/// <param name="Schema">Names this shape (<see cref="SchemaName"/>); bumped when a field changes meaning.</param>
/// <param name="Keyphrases">The <see cref="TopKeyphrases"/> keyphrases with most papers (ties by keyphrase).</param>
/// <param name="DistinctKeyphrases">How many keyphrases the run has in all (the Parquet table lists them all).</param>
/// <param name="ResearchAreas">Every research area with papers, most papers first (ties by id).</param>
public sealed record GoldAggregates(
    string Schema,
    string RunId,
    string? Split,
    long Papers,
    long Tldrs,
    long AuthorTldrs,
    long PeerReviewTldrs,
    GoldMeans Means,
    IReadOnlyList<GoldHistogram> Histograms,
    IReadOnlyList<GoldKeyphrase> Keyphrases,
    long DistinctKeyphrases,
    IReadOnlyList<GoldResearchArea> ResearchAreas,
    IReadOnlyList<GoldStyleFlag> StyleFlags,
    RunQuality Quality)
{
    public const string SchemaName = "aggregates/1";

    public const string FileName = "aggregates.json";

    public const int TopKeyphrases = 100;

    public static GoldAggregates From(string runId, string? split, PartitionStats stats, RunQuality quality)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(quality);

        return new GoldAggregates(
            SchemaName,
            runId,
            split,
            stats.Papers,
            stats.Tldrs,
            stats.AuthorTldrs,
            stats.PeerReviewTldrs,
            new GoldMeans(
                stats.AbstractWordsMean,
                stats.AbstractSentencesMean,
                stats.AuthorTldrWordsMean,
                stats.PeerReviewTldrWordsMean,
                stats.CompressionMean,
                GoldMetrics.Sources.ToDictionary(
                    source => source,
                    source => (IReadOnlyDictionary<string, double?>)GoldMetrics.MeanMetrics.ToDictionary(
                        metric => metric, metric => stats.MeanOf(metric, source), StringComparer.Ordinal),
                    StringComparer.Ordinal)),
            AllHistograms(stats),
            [.. ByPapers(stats.KeyphrasePapers).Take(TopKeyphrases).Select(e => new GoldKeyphrase(e.Key, e.Value))],
            stats.KeyphrasePapers.Count,
            [.. ByPapers(stats.ResearchAreaPapers).Select(e => new GoldResearchArea(e.Key, e.Value))],
            [.. GoldMetrics.StyleFlags.SelectMany(flag => GoldMetrics.Sources.Select(source =>
            {
                var tldrs = stats.StyleFlagTldrs.GetValueOrDefault(GoldMetrics.Key(flag, source));
                var ofSource = source == Features.TldrSources.Author ? stats.AuthorTldrs : stats.PeerReviewTldrs;
                return new GoldStyleFlag(flag, source, tldrs, ofSource == 0 ? null : (double)tldrs / ofSource);
            }))],
            quality);
    }

    /// <summary>Every histogram of <see cref="GoldMetrics.Histograms"/> in their order, authors before peer reviews.</summary>
    public static IReadOnlyList<GoldHistogram> AllHistograms(PartitionStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var histograms = new List<GoldHistogram>();
        foreach (var (metric, bySource, edges) in GoldMetrics.Histograms)
        {
            string?[] sources = bySource ? [.. GoldMetrics.Sources] : [null];
            foreach (var source in sources)
            {
                var histogram = stats.Histograms.GetValueOrDefault(GoldMetrics.Key(metric, source))
                    ?? new FixedHistogram(edges, new long[edges.Count - 1]);
                histograms.Add(new GoldHistogram(metric, source, histogram.Edges, histogram.Counts, histogram.Below, histogram.Above));
            }
        }

        return histograms;
    }

    /// <summary>Most papers first, ties in ordinal order of the key, so the order never depends on the merge.</summary>
    public static IEnumerable<KeyValuePair<string, long>> ByPapers(IReadOnlyDictionary<string, long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return counts.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal);
    }
}

/// <summary>Means of the run; null where there is nothing to average.</summary>
/// <param name="BySource">Source (<c>author</c>, <c>peer_review</c>) → metric (<see cref="GoldMetrics.MeanMetrics"/>) → mean.</param>
public sealed record GoldMeans(
    double? AbstractWords,
    double? AbstractSentences,
    double? AuthorTldrWords,
    double? PeerReviewTldrWords,
    double? Compression,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>> BySource);

/// <param name="Source">Null for a paper metric (abstract words).</param>
/// <param name="Counts">One per bin: bin i is [Edges[i], Edges[i+1]), the last bin closed.</param>
public sealed record GoldHistogram(
    string Metric, string? Source, IReadOnlyList<double> Edges, IReadOnlyList<long> Counts, long Below, long Above);

public sealed record GoldKeyphrase(string Keyphrase, long Papers);

public sealed record GoldResearchArea(string Area, long Papers);

/// <param name="Share">Of the source's TLDRs; null when the run has none of that source.</param>
public sealed record GoldStyleFlag(string Flag, string Source, long Tldrs, double? Share);
