namespace SciTldr.Quality.Alerts;

/// <summary>
/// A data-quality problem worth waking someone for: an error rule that failed, or drift or an anomaly that
/// was detected. One is raised per rule per run, however many partitions see the rule fail.
/// </summary>
/// <param name="RunId">The run the rule failed in.</param>
/// <param name="Split">The split the data came from (e.g. <c>dev</c>).</param>
/// <param name="RuleId">The rule's id in the ruleset; it names the alert's marker in the lake.</param>
/// <param name="Severity">The severity in force (<c>error</c>, <c>warning</c>).</param>
/// <param name="Kind">What was detected: the rule's kind (<c>range</c>, <c>uniqueness</c>, <c>drift</c>, <c>anomaly</c>…).</param>
/// <param name="Summary">One human sentence about what went wrong.</param>
/// <param name="Observed">The measured value, when the rule measures one (a rate, a mean, a distance).</param>
/// <param name="Threshold">The limit <paramref name="Observed"/> was compared with.</param>
/// <param name="Failed">How many records failed the rule.</param>
/// <param name="ReportKey">The lake key of the quality report that shows the failure, when there is one.</param>
/// <param name="At">When the failure was found.</param>
public sealed record QualityAlert(
    string RunId,
    string Split,
    string RuleId,
    string Severity,
    string Kind,
    string Summary,
    double? Observed,
    double? Threshold,
    long Failed,
    string? ReportKey,
    DateTimeOffset At);
