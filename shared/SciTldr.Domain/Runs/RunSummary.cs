using System.Text.Json.Serialization;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.RunLevel;

namespace SciTldr.Domain.Runs;

/// <summary>The values of <see cref="RunSummary.Status"/>.</summary>
public static class RunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>
/// The run summary of the stable interface (<c>run --json</c>, <c>status --json</c>). Property names
/// serialize in camelCase through <see cref="RunSummaryJson.Options"/>; the declaration order is the
/// order of the interface document, with additions after the fields they relate to.
/// </summary>
public sealed record RunSummary
{
    public required string RunId { get; init; }

    /// <summary>One of <see cref="RunStatus"/>.</summary>
    public required string Status { get; init; }

    /// <summary>Addition: the split name (train, dev, test, unknown or as given).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Split { get; init; }

    /// <summary>Records accepted into bronze and silver.</summary>
    public long Papers { get; init; }

    /// <summary>TLDR rows in silver.</summary>
    public long Tldrs { get; init; }

    public int Partitions { get; init; }

    public required RunInputCounts Input { get; init; }

    /// <summary>Quarantined records by reason: ingestion reason codes and the quality stage's rule ids.</summary>
    public required IReadOnlyDictionary<string, long> Quarantine { get; init; }

    public required RunQuality Quality { get; init; }

    public required RunStats Stats { get; init; }

    public required RunOutputs Outputs { get; init; }

    public double DurationSeconds { get; init; }

    /// <summary>Addition: when the run was asked for.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Addition: when the run reached its final status.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Addition: why stages gave up, empty for a clean run.</summary>
    public IReadOnlyList<RunFailure> Failures { get; init; } = [];

    /// <summary>
    /// Addition: set while a running run has made no progress for longer than the stall threshold (no
    /// stage finished a partition, nothing was ingested): since when, and which stage it waits on. The run
    /// stays <c>running</c>: it resumes when the stage is back (see docs/runbook.md).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunStall? Stalled { get; init; }

    /// <summary>Addition: the run's trace id (W3C), to find it in the tracing backend or the span files.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceId { get; init; }

    /// <summary>Addition: what started the run (request, schedule, watcher, s3-event, backfill).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Trigger { get; init; }

    /// <summary>Addition: the run's sources and what became of each (ingested, skipped by a bookmark, backfilled).</summary>
    public IReadOnlyList<RunSource> Sources { get; init; } = [];

    /// <summary>
    /// The interface's reconciliation: every input line has one outcome, and the quarantine breakdown
    /// covers ingestion's quarantined lines plus the records the quality stage removed.
    /// </summary>
    [JsonIgnore]
    public bool IsReconciled =>
        Input.Lines == Input.Accepted + Input.Quarantined + Input.Blank
        && Quarantine.Values.Sum() == Input.Quarantined + Quality.Quarantined;
}

/// <summary>A running run with no progress: the last time anything happened, and what it waits for.</summary>
public sealed record RunStall(DateTimeOffset Since, string Reason);

/// <summary>One source of a run: its address, its outcome, its SHA-256, and for a skipped or backfilled one the run it refers to.</summary>
public sealed record RunSource(
    string Address,
    string Outcome,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sha256,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Run);

/// <summary>What ingestion made of the input lines.</summary>
public sealed record RunInputCounts(long Lines, long Accepted, long Quarantined, long Blank)
{
    public static RunInputCounts From(IngestionCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new RunInputCounts(counts.Lines, counts.Accepted, counts.Quarantined, counts.Blank);
    }
}

/// <param name="Passed">False when any error-severity rule failed.</param>
/// <param name="Rules">Every rule by id, with its severity and failure count.</param>
/// <param name="Quarantined">Addition: records the quality stage quarantined (error-rule failures).</param>
public sealed record RunQuality(bool Passed, IReadOnlyDictionary<string, RuleSummary> Rules, long Quarantined = 0)
{
    /// <summary>
    /// Adds up rule results from every partition (and from the run-level checks) into the summary's
    /// view: one entry per rule id, in registry order, failures summed.
    /// </summary>
    public static RunQuality From(IEnumerable<RuleResult> results, long quarantined) => From(results, [], quarantined);

    /// <summary>
    /// The partition rules' results summed over the partitions, and the run-level rules' results, as
    /// one entry per rule id (interface rules in registry order first, then the others by id).
    /// <c>passed</c> is false when any error-severity rule failed.
    /// </summary>
    public static RunQuality From(IEnumerable<RuleResult> partitionResults, IEnumerable<RunRuleResult> runResults, long quarantined)
    {
        ArgumentNullException.ThrowIfNull(partitionResults);
        ArgumentNullException.ThrowIfNull(runResults);

        var byId = new Dictionary<string, (RuleSeverity Severity, long Failed, bool Passed)>(StringComparer.Ordinal);
        void Add(string ruleId, RuleSeverity severity, long failed, bool passed)
        {
            if (!byId.TryGetValue(ruleId, out var seen))
            {
                byId[ruleId] = (severity, failed, passed);
                return;
            }

            if (seen.Severity != severity)
            {
                throw new ArgumentException($"rule '{ruleId}' was checked with both {seen.Severity} and {severity} severity");
            }

            byId[ruleId] = (severity, seen.Failed + failed, seen.Passed && passed);
        }

        // A partition rule holds over the run when its failing share over all partitions stays within
        // 1 - mostly (a rule may hold in every partition but not overall, or the other way round).
        foreach (var rule in partitionResults.GroupBy(r => r.RuleId, StringComparer.Ordinal))
        {
            var evaluated = rule.Sum(r => (long)r.Evaluated);
            var failed = rule.Sum(r => (long)r.Failed);
            var mostly = rule.First().Thresholds.TryGetValue("mostly", out var m) ? m : 1.0;
            var severities = rule.Select(r => r.Severity).Distinct().ToList();
            if (severities.Count > 1)
            {
                throw new ArgumentException($"rule '{rule.Key}' was checked with both {severities[0]} and {severities[1]} severity");
            }

            Add(rule.Key, severities[0], failed, failed <= Math.Floor(((1 - mostly) * evaluated) + 1e-9));
        }

        foreach (var result in runResults)
        {
            Add(result.RuleId, result.Severity, result.Failed, result.Passed);
        }

        var ordered = byId.OrderBy(entry => RegistryPosition(entry.Key)).ThenBy(entry => entry.Key, StringComparer.Ordinal);
        var rules = new Dictionary<string, RuleSummary>(StringComparer.Ordinal);
        foreach (var (id, (severity, failed, passed)) in ordered)
        {
            rules[id] = new RuleSummary(severity.ToWireName(), failed, passed);
        }

        var allPassed = byId.Values.All(rule => rule.Severity != RuleSeverity.Error || rule.Passed);
        return new RunQuality(allPassed, rules, quarantined);
    }

    private static int RegistryPosition(string ruleId)
    {
        for (var i = 0; i < Domain.Quality.Rules.All.Count; i++)
        {
            if (Domain.Quality.Rules.All[i].Id == ruleId)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}

/// <param name="Severity">"error" or "warning" (see <see cref="RuleSeverityExtensions.ToWireName"/>).</param>
/// <param name="Passed">Addition: the rule held (within its <c>mostly</c> share, for rules that allow some failures).</param>
public sealed record RuleSummary(string Severity, long Failed, bool Passed = true);

/// <summary>Gold statistics of the run, rounded to 2 decimals.</summary>
/// <param name="PeerReviewTldrWordsMean">Null when the run has no peer-review TLDRs (e.g. the train split).</param>
/// <param name="AbstractSentencesMean">Addition: mean sentences per abstract.</param>
public sealed record RunStats(
    double AbstractWordsMean,
    double AuthorTldrWordsMean,
    double? PeerReviewTldrWordsMean,
    double CompressionMean,
    double AbstractSentencesMean)
{
    public const int Decimals = 2;

    /// <summary>
    /// The summary's view of the merged statistics. Means without any data are 0, except the
    /// peer-review mean, which the interface reports as null so "none" is not mistaken for "short".
    /// </summary>
    public static RunStats From(PartitionStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return new RunStats(
            Round(stats.AbstractWordsMean ?? 0),
            Round(stats.AuthorTldrWordsMean ?? 0),
            stats.PeerReviewTldrWordsMean is { } peerReview ? Round(peerReview) : null,
            Round(stats.CompressionMean ?? 0),
            Round(stats.AbstractSentencesMean ?? 0));
    }

    public static double Round(double value) => Math.Round(value, Decimals, MidpointRounding.AwayFromZero);
}

/// <param name="Lake">Where the run's data lives (<c>s3://bucket/prefix</c>).</param>
/// <param name="Report">The run's report page.</param>
public sealed record RunOutputs(string? Lake, string? Report)
{
    /// <summary>
    /// The lake bucket, and the dashboard opened on the run under <paramref name="reportBaseUrl"/> (the reporting
    /// service's public address); without one, the run's static report in the lake (docs/dashboard.md).
    /// </summary>
    public static RunOutputs For(string bucket, string? reportBaseUrl, string runId) =>
        new(
            $"s3://{bucket}",
            reportBaseUrl is null
                ? $"s3://{bucket}/reports/{runId}/index.html"
                : $"{reportBaseUrl.TrimEnd('/')}/?run={Uri.EscapeDataString(runId)}");
}

/// <summary>A stage that gave up on the run or on one partition.</summary>
public sealed record RunFailure(string Stage, int? Partition, string Reason);
