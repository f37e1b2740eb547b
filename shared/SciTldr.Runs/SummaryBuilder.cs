using SciTldr.Contracts;
using SciTldr.Domain.Quality.RunLevel;
using SciTldr.Domain.Runs;

namespace SciTldr.Runs;

/// <summary>
/// Builds the run summary of interfaces.md from the ledger alone (manifest, quality markers,
/// failures). Pure and deterministic: the same ledger gives the same summary, so reporting tasks
/// racing to finalize a run write identical bytes.
/// </summary>
public static class SummaryBuilder
{
    /// <summary>How long a running run may go without progress before its summary calls it stalled.</summary>
    public static readonly TimeSpan DefaultStallAfter = TimeSpan.FromMinutes(15);

    /// <summary>The stall of a running run, or null while it is still making progress.</summary>
    private static RunStall? Stall(RunManifest manifest, IReadOnlyList<StageMarker> qualityMarkers, RunQualityReport? runQuality, DateTimeOffset now, TimeSpan stallAfter)
    {
        var last = new[] { manifest.RequestedAt, manifest.StartedAt ?? manifest.RequestedAt, manifest.IngestedAt ?? manifest.RequestedAt }
            .Concat(qualityMarkers.Select(m => m.CompletedAt))
            .Max();
        if (now - last <= stallAfter)
        {
            return null;
        }

        var waiting = manifest.Status != RunManifest.Ingested
            ? "ingestion has not finished reading the sources"
            : qualityMarkers.Count < manifest.Partitions
                ? $"{qualityMarkers.Count} of {manifest.Partitions} partitions are through quality (transformation or quality is behind)"
                : runQuality is null ? "the run-level quality check has not reported" : "reporting has not finalized the run";
        return new RunStall(last, $"no progress for {(int)(now - last).TotalMinutes} min: {waiting}");
    }

    public static RunSummary Build(
        RunManifest manifest,
        IReadOnlyList<StageMarker> qualityMarkers,
        IReadOnlyList<FailureRecord> failures,
        string bucket,
        string? reportBaseUrl,
        DateTimeOffset now,
        RunQualityReport? runQuality = null,
        TimeSpan? stallAfter = null)
    {
        var ordered = qualityMarkers.OrderBy(m => m.Partition).ToList();
        var ingested = manifest.Status == RunManifest.Ingested;
        // Complete once every partition is checked and the run-level rules have judged the whole run.
        var complete = ingested && ordered.Count == manifest.Partitions && runQuality is not null;
        var status = failures.Count > 0 ? RunStatus.Failed : complete ? RunStatus.Succeeded : RunStatus.Running;

        var input = manifest.Input ?? IngestionCounts.Empty;
        var quarantine = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in input.Quarantine.Concat(ordered.SelectMany(m => m.QuarantineByReason)))
        {
            quarantine[reason] = quarantine.GetValueOrDefault(reason) + count;
        }

        var finishedAt = status == RunStatus.Running
            ? (DateTimeOffset?)null
            : ordered.Select(m => m.CompletedAt).Concat(failures.Select(f => f.FailedAt))
                .Concat(runQuality is null ? [] : [runQuality.CheckedAt])
                .DefaultIfEmpty(manifest.IngestedAt ?? manifest.RequestedAt).Max();
        var stats = PartitionStats.MergeAll(ordered.Select(m => m.Stats ?? PartitionStats.Empty));

        var stall = status == RunStatus.Running ? Stall(manifest, ordered, runQuality, now, stallAfter ?? DefaultStallAfter) : null;

        return new RunSummary
        {
            Stalled = stall,
            RunId = manifest.RunId,
            Status = status,
            Split = manifest.Split,
            Papers = input.Accepted,
            Tldrs = ordered.Sum(m => m.TldrsIn),
            Partitions = manifest.Partitions ?? 0,
            Input = RunInputCounts.From(input),
            Quarantine = quarantine,
            Quality = RunQuality.From(ordered.SelectMany(m => m.Rules ?? []), runQuality?.Rules ?? [], ordered.Sum(m => m.Quarantined)),
            Stats = RunStats.From(stats),
            Outputs = RunOutputs.For(bucket, reportBaseUrl, manifest.RunId),
            // Clamped: RequestedAt comes from another machine's clock, which may run ahead of this one.
            DurationSeconds = Math.Round(Math.Max(0, ((finishedAt ?? now) - manifest.RequestedAt).TotalSeconds), 3),
            StartedAt = manifest.RequestedAt,
            FinishedAt = finishedAt,
            Failures = failures
                .OrderBy(f => Array.IndexOf([.. Stages.All], f.Stage)).ThenBy(f => f.Partition ?? -1)
                .Select(f => new RunFailure(f.Stage, f.Partition, f.Reason)).ToList(),
            Trigger = manifest.Trigger,
            TraceId = manifest.TraceId,
            Sources = manifest.Sources.Select(s => new RunSource(s.Address, s.Outcome, s.Sha256, s.SkippedBecause)).ToList(),
        };
    }
}
