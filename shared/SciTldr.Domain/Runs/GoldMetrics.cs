using SciTldr.Domain.Features;
using SciTldr.Domain.Silver;

namespace SciTldr.Domain.Runs;

/// <summary>
/// Names and bins of the gold statistics. A statistic of one TLDR source is keyed
/// <c>metric/source</c> (e.g. <c>rouge1_f1/author</c>); a paper statistic by its metric alone.
/// These names are written to gold and read by the dashboard, so they are fixed.
/// </summary>
public static class GoldMetrics
{
    public const string AbstractWords = "abstract_words";
    public const string TldrWords = "tldr_words";
    public const string Compression = "compression";
    public const string OracleRelativePosition = "oracle_relative_position";

    public const char SourceSeparator = '/';

    public static readonly string Rouge1F1 = SilverSchema.Tldrs.Rouge1F1.Name;
    public static readonly string Rouge2F1 = SilverSchema.Tldrs.Rouge2F1.Name;
    public static readonly string RougeLF1 = SilverSchema.Tldrs.RougeLF1.Name;
    public static readonly string Novel1GramPct = SilverSchema.Tldrs.Novel1GramPct.Name;
    public static readonly string Novel2GramPct = SilverSchema.Tldrs.Novel2GramPct.Name;
    public static readonly string Novel3GramPct = SilverSchema.Tldrs.Novel3GramPct.Name;

    public static IReadOnlyList<string> Sources { get; } = [TldrSources.Author, TldrSources.PeerReview];

    /// <summary>Metrics with a mean per TLDR source (sums and counts in <see cref="PartitionStats.Sums"/>).</summary>
    public static IReadOnlyList<string> MeanMetrics { get; } = [Rouge1F1, Rouge2F1, RougeLF1, Novel1GramPct, Novel2GramPct, Novel3GramPct];

    /// <summary>TLDR style flags, named as their silver columns.</summary>
    public static IReadOnlyList<string> StyleFlags { get; } =
    [
        SilverSchema.Tldrs.FirstPerson.Name,
        SilverSchema.Tldrs.ContainsNumber.Name,
        SilverSchema.Tldrs.StartsWithWePropose.Name,
        SilverSchema.Tldrs.StartsWithThisPaper.Name,
        SilverSchema.Tldrs.IsQuestion.Name,
        SilverSchema.Tldrs.ClaimsStateOfTheArt.Name,
        SilverSchema.Tldrs.MentionsCode.Name,
    ];

    private static readonly IReadOnlyList<double> ScoreEdges = FixedHistogram.UniformEdges(0, 1, 0.05);
    private static readonly IReadOnlyList<double> PercentEdges = FixedHistogram.UniformEdges(0, 100, 5);

    /// <summary>Every histogram's metric with its edges, in the order gold lists them.</summary>
    public static IReadOnlyList<(string Metric, bool BySource, IReadOnlyList<double> Edges)> Histograms { get; } =
    [
        (AbstractWords, false, FixedHistogram.UniformEdges(0, 500, 20)),
        (TldrWords, true, FixedHistogram.UniformEdges(0, 60, 2)),
        (Compression, true, FixedHistogram.UniformEdges(0, 40, 1)),
        (Rouge1F1, true, ScoreEdges),
        (Rouge2F1, true, ScoreEdges),
        (RougeLF1, true, ScoreEdges),
        (Novel1GramPct, true, PercentEdges),
        (Novel2GramPct, true, PercentEdges),
        (Novel3GramPct, true, PercentEdges),
        (OracleRelativePosition, true, FixedHistogram.UniformEdges(0, 1, 0.1)),
    ];

    public static string Key(string metric, string? source) => source is null ? metric : $"{metric}{SourceSeparator}{source}";

    public static (string Metric, string? Source) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var at = key.IndexOf(SourceSeparator, StringComparison.Ordinal);
        return at < 0 ? (key, null) : (key[..at], key[(at + 1)..]);
    }

    public static IReadOnlyList<double> EdgesOf(string metric) =>
        Histograms.FirstOrDefault(h => h.Metric == metric).Edges ?? throw new ArgumentOutOfRangeException(nameof(metric), metric, "no such histogram");
}
