using System.Text.Json.Serialization;
namespace SciTldr.Reporting.Dashboard;

// The JSON the dashboard reads (docs/dashboard.md). Serialized in camelCase with RunSummaryJson.Options.

/// <summary>The values of <see cref="StageView.Status"/> and <see cref="PartitionStage.Status"/>.</summary>
public static class StageStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>One stage of a run, as a cell of the run grid and a bar of the Gantt chart.</summary>
/// <param name="Partitions">The run's partitions (1 for ingestion and reporting); null until ingestion has counted them.</param>
/// <param name="RecordsIn">Input lines for ingestion, papers read for transformation and quality.</param>
/// <param name="RecordsOut">Accepted papers for ingestion, papers written on for transformation and quality.</param>
/// <param name="FinishedAt">When the stage's last partition finished; null while it is not done.</param>
public sealed record StageView(
    string Stage,
    string Status,
    int PartitionsDone,
    int? Partitions,
    long RecordsIn,
    long RecordsOut,
    long Quarantined,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? Seconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, int>? Workers = null);

/// <summary>What one stage did with one partition.</summary>
public sealed record PartitionStage(
    string Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? Seconds,
    long RecordsIn,
    long RecordsOut,
    long Quarantined,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Worker = null);

/// <summary>A partition's row of the run detail: its records and its transformation and quality work.</summary>
public sealed record PartitionTimeline(int Partition, long Records, IReadOnlyDictionary<string, PartitionStage?> Stages);

public sealed record TimelineFailure(string Stage, int? Partition, string Reason);

/// <summary><c>/api/runs/R/timeline</c>: the run's stages and partitions over time (Airflow's Gantt view).</summary>
public sealed record TimelineView(
    string RunId,
    string? Split,
    DateTimeOffset StartedAt,
    IReadOnlyList<StageView> Stages,
    IReadOnlyList<PartitionTimeline> Partitions,
    IReadOnlyList<TimelineFailure> Failures);

/// <summary>A failing row of a rule, with the partition it came from (null for run-level rules).</summary>
public sealed record ExampleView(string PaperId, int? TldrIndex, string? Value, int? Partition);

/// <summary>One rule's result over the whole run.</summary>
/// <param name="Scope"><c>partition</c> (checked per partition and summed) or <c>run</c> (checked once on the whole run).</param>
/// <param name="Observed">The failing share for partition rules; the rule's own statistic for run rules.</param>
public sealed record RuleView(
    string Id,
    string? Kind,
    string? Table,
    string Scope,
    string Severity,
    long Evaluated,
    long Failed,
    double? Observed,
    bool Passed,
    IReadOnlyDictionary<string, double> Thresholds,
    string? Detail,
    IReadOnlyList<ExampleView> Examples)
{
    public const string PartitionScope = "partition";
    public const string RunScope = "run";

    /// <summary>Most examples a rule lists; the counts are exact regardless.</summary>
    public const int MaxExamples = 20;
}

/// <summary><c>/api/runs/R/quality</c>: every rule's result for the run.</summary>
public sealed record QualityView(
    string RunId,
    string? Split,
    string? RulesetVersion,
    bool Passed,
    DateTimeOffset? CheckedAt,
    string? BaselineRunId,
    IReadOnlyList<string> HistoryRunIds,
    IReadOnlyList<RuleView> Rules);

/// <summary>A drift or anomaly rule's outcome in one run of the history.</summary>
public sealed record HistoryRule(string Kind, bool Passed, double? Observed);

/// <summary>A run of the quality history: its watched metrics and its drift and anomaly rules.</summary>
public sealed record HistoryRun(string RunId, DateTimeOffset At, IReadOnlyDictionary<string, double> Values, IReadOnlyDictionary<string, HistoryRule> Rules);

/// <summary><c>/api/quality/history?split=S</c>, oldest run first.</summary>
public sealed record QualityHistory(string Split, IReadOnlyList<HistoryRun> Runs);

public sealed record TldrView(int Index, string Source, string Text, int Words, double Rouge1F1);

public sealed record PaperView(
    string PaperId,
    string? Title,
    int AbstractWords,
    IReadOnlyList<string> Keyphrases,
    IReadOnlyList<string> ResearchAreas,
    IReadOnlyList<TldrView> Tldrs);

/// <summary><c>/api/runs/R/papers</c>: one page of the papers whose id, title or a TLDR contains the query.</summary>
/// <param name="Matched">Matches found in the partitions scanned so far (all of them when <see cref="HasMore"/> is false).</param>
public sealed record PapersPage(
    string Query,
    int Offset,
    int Limit,
    IReadOnlyList<PaperView> Papers,
    int Matched,
    bool HasMore,
    int ScannedPartitions,
    int Partitions);
