using MassTransit;
using SciTldr.Contracts;
using SciTldr.Domain.Features;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.RunLevel;
using SciTldr.Domain.Quality.Rulesets;
using SciTldr.Domain.Silver;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;
using SciTldr.Quality.Alerts;
using SciTldr.Runs;
using SciTldr.ServiceDefaults;

namespace SciTldr.Quality.RunLevel;

/// <summary>
/// Runs the run-level rules once every partition is checked: uniqueness across the run, robust
/// outliers, drift against the last successful run of the split and anomalies against its metric
/// history. Writes the run report (<c>quality/run_id=R/run.json</c>) and the run's metrics (the
/// history of the runs after it), raises one alert per failing error rule and per drift or anomaly,
/// and tells reporting the run is judged. Idempotent: a redelivery recomputes the same report.
/// </summary>
public sealed class CheckRunConsumer : IConsumer<CheckRun>
{
    private readonly S3Lake _lake;
    private readonly RunLedger _ledger;
    private readonly IMessagePublisher _publisher;
    private readonly Ruleset _ruleset;
    private readonly IColumnAccess _columns;
    private readonly IQualityAlerts _alerts;
    private readonly ILogger<CheckRunConsumer> _logger;
    private readonly TimeProvider _clock;

    public CheckRunConsumer(
        S3Lake lake,
        RunLedger ledger,
        IMessagePublisher publisher,
        Ruleset ruleset,
        IColumnAccess columns,
        IQualityAlerts alerts,
        ILogger<CheckRunConsumer> logger,
        TimeProvider? clock = null)
    {
        _lake = lake;
        _ledger = ledger;
        _publisher = publisher;
        _ruleset = ruleset;
        _columns = columns;
        _alerts = alerts;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task Consume(ConsumeContext<CheckRun> context)
    {
        var message = context.Message;
        var token = context.CancellationToken;
        if (!LakeNames.IsValidRunId(message.RunId) || !LakeNames.IsValidSplit(message.Split))
        {
            throw new PermanentMessageException($"CheckRun for run '{message.RunId}' split '{message.Split}': not a valid run id or split");
        }

        var manifest = await _ledger.GetManifestAsync(message.RunId, token);
        if (manifest is not { Status: RunManifest.Ingested, Partitions: { } partitions, Input: { } input })
        {
            throw new PermanentMessageException($"run {message.RunId} is not ingested; nothing to check");
        }

        var markers = await _ledger.GetMarkersAsync(message.RunId, Stages.Quality, token);
        if (markers.Count != partitions)
        {
            // Not every partition is in yet: a later PartitionChecked asks again.
            throw new InvalidOperationException($"run {message.RunId}: {markers.Count} of {partitions} partitions checked; the run-level check waits for all");
        }

        using var checker = new RunLevelChecker(_ruleset, _columns);

        // Only the columns the run rules and the run metrics read: the pass reads every partition of the run.
        var paperColumns = Needed(RuleTable.Papers, "paper_id", "abstract_words");
        var tldrColumns = Needed(RuleTable.Tldrs, "paper_id", "tldr_index", "words");
        // A partition whose silver files failed an error-severity schema rule had all its papers quarantined
        // by the partition check (reason = that rule); its rows cannot be read as silver, so they stay out.
        var schemaRules = _ruleset.PartitionRules.Where(r => r.Kind == RuleKind.Schema && r.Severity == RuleSeverity.Error).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        // One buffer per table for the whole pass: a run's partitions are read one after another, and fresh
        // buffers per partition were gigabytes of large-object garbage at a million papers (docs/performance.md).
        using var papersBuffer = new MemoryStream();
        using var tldrsBuffer = new MemoryStream();
        foreach (var marker in markers)
        {
            if (marker.QuarantineByReason.Keys.Any(schemaRules.Contains))
            {
                _logger.LogWarning("Run {RunId} partition {Partition}: silver files do not match the schema; left out of the run-level rules", message.RunId, marker.Partition);
                continue;
            }

            var papersKey = LakeLayout.SilverPapersKey(message.RunId, manifest.Split, marker.Partition);
            var tldrsKey = LakeLayout.SilverTldrsKey(message.RunId, manifest.Split, marker.Partition);
            await MessageKeys.ReadAsync(papersKey, () => _lake.ReadIntoAsync(papersKey, papersBuffer, token));
            await MessageKeys.ReadAsync(tldrsKey, () => _lake.ReadIntoAsync(tldrsKey, tldrsBuffer, token));
            checker.Add(await SilverParquet.ReadPapersAsync(papersBuffer, paperColumns, token), await SilverParquet.ReadTldrsAsync(tldrsBuffer, tldrColumns, token));
        }

        var now = _clock.GetUtcNow();
        var metrics = checker.Metrics(message.RunId, manifest.Split, input.Lines, input.Quarantined + markers.Sum(m => m.Quarantined), now);
        var window = _ruleset.RunRules.Where(r => r.Kind == RuleKind.Anomaly).Select(r => r.Window).DefaultIfEmpty(20).Max();
        var history = await _ledger.GetQualityHistoryAsync(manifest.Split, message.RunId, Math.Max(window, 1), token);
        var report = checker.Finish(metrics, history, now);

        await _ledger.WriteRunMetricsAsync(metrics, token);
        await RaiseAlertsAsync(manifest.Split, report, markers, token);
        await _ledger.WriteRunQualityAsync(report, token);
        await _publisher.SendAsync(QueueNames.Reporting, new RunChecked(message.RunId, LakeLayout.QualityRunReportKey(message.RunId)), context, token);
        _logger.LogInformation(
            "Run-level rules of run {RunId} ({Split}): {Failing} of {Rules} failing, {Flagged} rows flagged, baseline {Baseline} ({History} runs of history)",
            message.RunId, manifest.Split, report.Rules.Count(r => !r.Passed), report.Rules.Count, report.Flagged.Count, report.BaselineRunId ?? "none", report.HistoryRunIds.Count);
    }

    private HashSet<string> Needed(RuleTable table, params string[] always) =>
        [.. always, .. _ruleset.RunRules.Where(r => r.Table == table && r.Column is not null).Select(r => r.Column!)];

    /// <summary>One alert per rule per run: error rules that failed (partition- or run-level), and any drift or anomaly.</summary>
    private async Task RaiseAlertsAsync(string split, RunQualityReport report, IReadOnlyList<Runs.StageMarker> markers, CancellationToken token)
    {
        var partitionFailures = markers
            .SelectMany(m => m.Rules ?? [])
            .GroupBy(r => r.RuleId, StringComparer.Ordinal)
            .Select(g => (Rule: g.First(), Failed: g.Sum(r => (long)r.Failed)))
            .Where(r => r.Rule.Severity == RuleSeverity.Error && r.Failed > 0);
        foreach (var (rule, failed) in partitionFailures)
        {
            var definition = _ruleset.Find(rule.RuleId);
            await _alerts.RaiseAsync(
                new QualityAlert(report.RunId, split, rule.RuleId, rule.Severity.ToWireName(), definition is null ? "partition" : RulesetNames.Of(definition.Kind),
                    $"{failed} record(s) failed {rule.RuleId}: {definition?.Description}", failed, null, failed, LakeLayout.QualityRunReportKey(report.RunId), report.CheckedAt),
                token);
        }

        foreach (var result in report.Rules.Where(r => !r.Passed && (r.Severity == RuleSeverity.Error || r.Kind is "drift" or "anomaly")))
        {
            await _alerts.RaiseAsync(
                new QualityAlert(report.RunId, split, result.RuleId, result.Severity.ToWireName(), result.Kind, result.Detail,
                    result.Observed, result.Thresholds.TryGetValue("threshold", out var threshold) ? threshold : null, result.Failed,
                    LakeLayout.QualityRunReportKey(report.RunId), report.CheckedAt),
                token);
        }
    }
}
