namespace SciTldr.Domain.Quality.RunLevel;

/// <summary>A row a run-level rule flagged: the paper, the TLDR (for TLDR rules) and the value that made it fail.</summary>
public sealed record FlaggedRow(string RuleId, string PaperId, int? TldrIndex, string? Value);

/// <summary>How one run-level rule fared on the whole run.</summary>
/// <param name="Evaluated">Rows (or, for drift and anomaly, comparisons) the rule judged.</param>
/// <param name="Failed">Rows that failed; for drift and anomaly 1 when the run itself failed the rule.</param>
/// <param name="Observed">The statistic: duplicate share, outlier share, PSI/KS, robust z…</param>
/// <param name="Thresholds">The thresholds in force (e.g. fences, the PSI limit, the baseline's median).</param>
/// <param name="Detail">In words: what was compared with what, or why the rule could not judge.</param>
public sealed record RunRuleResult(
    string RuleId,
    string Kind,
    RuleSeverity Severity,
    long Evaluated,
    long Failed,
    bool Passed,
    double? Observed,
    IReadOnlyDictionary<string, double> Thresholds,
    string Detail,
    IReadOnlyList<FlaggedRow> Examples);

/// <summary>
/// A run's figures that later runs of the same split compare themselves with: scalar metrics (papers,
/// mean lengths, quarantine rate…) and the histograms of the drift rules.
/// </summary>
public sealed record RunMetrics(
    string RunId,
    string Split,
    DateTimeOffset At,
    IReadOnlyDictionary<string, double> Values,
    IReadOnlyDictionary<string, Histogram> Histograms)
{
    public const string Papers = "papers";
    public const string Tldrs = "tldrs";
    public const string AbstractWordsMean = "abstract_words_mean";
    public const string TldrWordsMean = "tldr_words_mean";
    public const string QuarantineRate = "quarantine_rate";

    /// <summary>The metrics an anomaly rule may watch.</summary>
    public static readonly IReadOnlyList<string> Known = [Papers, Tldrs, AbstractWordsMean, TldrWordsMean, QuarantineRate];
}

/// <summary>
/// <c>quality/run_id=R/run.json</c>: the run-level rules' results, every row they flagged (up to a cap),
/// the run's metrics, and which earlier runs made the baseline.
/// </summary>
public sealed record RunQualityReport(
    string RunId,
    string Split,
    string RulesetVersion,
    DateTimeOffset CheckedAt,
    IReadOnlyList<RunRuleResult> Rules,
    IReadOnlyList<FlaggedRow> Flagged,
    bool FlaggedTruncated,
    RunMetrics Metrics,
    string? BaselineRunId,
    IReadOnlyList<string> HistoryRunIds)
{
    /// <summary>Most flagged rows a report lists; the counts are exact regardless.</summary>
    public const int MaxFlagged = 10_000;
}
