using SciTldr.Contracts;
using SciTldr.Domain.Runs;
using SciTldr.Runs;

namespace SciTldr.Reporting.Dashboard;

/// <summary>
/// A run's stages and partitions over time, from the ledger alone (manifest, stage markers, failures and
/// the run-level quality report). Pure: the same ledger gives the same timeline.
/// </summary>
public static class RunTimeline
{
    public static TimelineView Build(
        RunManifest manifest,
        IReadOnlyList<StageMarker> transformation,
        IReadOnlyList<StageMarker> quality,
        IReadOnlyList<FailureRecord> failures,
        RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(transformation);
        ArgumentNullException.ThrowIfNull(quality);
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(summary);

        var ingested = manifest.Status == RunManifest.Ingested;
        var partitionCount = ingested ? manifest.Partitions : null;
        var stages = new List<StageView>
        {
            Ingestion(manifest, failures),
            PartitionStage(Stages.Transformation, transformation, failures, partitionCount, ingested),
            PartitionStage(Stages.Quality, quality, failures, partitionCount, ingested),
            Reporting(summary, quality, failures),
        };
        if (summary.Status == RunStatus.Failed)
        {
            // Nothing works on a failed run until its failed messages are redriven from the DLQ: a stage
            // that neither finished nor failed itself is waiting, not running.
            stages = stages.Select(stage => stage.Status == StageStatus.Running ? stage with { Status = StageStatus.Pending } : stage).ToList();
        }

        return new TimelineView(
            manifest.RunId,
            manifest.Split,
            manifest.RequestedAt,
            stages,
            Partitions(manifest, transformation, quality, failures),
            failures
                .OrderBy(f => Array.IndexOf([.. Stages.All], f.Stage)).ThenBy(f => f.Partition ?? -1)
                .Select(f => new TimelineFailure(f.Stage, f.Partition, f.Reason))
                .ToList());
    }

    private static StageView Ingestion(RunManifest manifest, IReadOnlyList<FailureRecord> failures)
    {
        var input = manifest.Input ?? IngestionCounts.Empty;
        var started = manifest.StartedAt ?? manifest.RequestedAt;
        var done = manifest.Status == RunManifest.Ingested;
        var status = failures.Any(f => f.Stage == Stages.Ingestion) ? StageStatus.Failed
            : done ? StageStatus.Succeeded
            : StageStatus.Running;
        var finished = done ? manifest.IngestedAt : null;
        return new StageView(Stages.Ingestion, status, done ? 1 : 0, 1, input.Lines, input.Accepted, input.Quarantined, started, finished, Seconds(started, finished));
    }

    private static StageView PartitionStage(string stage, IReadOnlyList<StageMarker> markers, IReadOnlyList<FailureRecord> failures, int? partitions, bool ingested)
    {
        var complete = partitions is { } expected && markers.Count >= expected;
        var status = failures.Any(f => f.Stage == stage) ? StageStatus.Failed
            : complete ? StageStatus.Succeeded
            : markers.Count > 0 || ingested ? StageStatus.Running
            : StageStatus.Pending;
        DateTimeOffset? started = markers.Count > 0 ? markers.Min(m => m.StartedAt) : null;
        DateTimeOffset? finished = complete && markers.Count > 0 ? markers.Max(m => m.CompletedAt) : null;
        return new StageView(
            stage,
            status,
            markers.Count,
            partitions,
            markers.Sum(m => m.RecordsIn),
            markers.Sum(m => m.RecordsOut),
            markers.Sum(m => m.Quarantined),
            started,
            finished,
            Seconds(started, finished),
            Workers(markers));
    }

    /// <summary>Partitions per process that did them (instances of a scaled-out service); null when no marker names one.</summary>
    private static IReadOnlyDictionary<string, int>? Workers(IReadOnlyList<StageMarker> markers)
    {
        var named = markers.Where(m => m.Worker is not null).ToList();
        return named.Count == 0
            ? null
            : named.GroupBy(m => m.Worker!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Reporting's part is the fan-in: from the moment the last partition was checked, through the
    /// run-level rules, to the run's final status.
    /// </summary>
    private static StageView Reporting(RunSummary summary, IReadOnlyList<StageMarker> quality, IReadOnlyList<FailureRecord> failures)
    {
        var allChecked = summary.Partitions > 0 && quality.Count >= summary.Partitions;
        // A run that failed upstream never reaches the fan-in: its reporting stays pending, as Airflow shows
        // a task whose upstream failed.
        var status = failures.Any(f => f.Stage == Stages.Reporting) ? StageStatus.Failed
            : summary.Status == RunStatus.Succeeded ? StageStatus.Succeeded
            : summary.Status == RunStatus.Running && allChecked ? StageStatus.Running
            : StageStatus.Pending;
        DateTimeOffset? started = allChecked ? quality.Max(m => m.CompletedAt) : null;
        var finished = status == StageStatus.Succeeded ? summary.FinishedAt : null;
        return new StageView(Stages.Reporting, status, status == StageStatus.Succeeded ? 1 : 0, 1, 0, 0, 0, started, finished, Seconds(started, finished));
    }

    private static List<PartitionTimeline> Partitions(
        RunManifest manifest,
        IReadOnlyList<StageMarker> transformation,
        IReadOnlyList<StageMarker> quality,
        IReadOnlyList<FailureRecord> failures)
    {
        var records = manifest.PartitionList.ToDictionary(p => p.Partition, p => (long)p.Records);
        var numbers = records.Keys
            .Concat(transformation.Select(m => m.Partition))
            .Concat(quality.Select(m => m.Partition))
            .Concat(failures.Where(f => f.Partition is not null).Select(f => f.Partition!.Value))
            .Distinct()
            .Order();

        return numbers.Select(partition => new PartitionTimeline(
                partition,
                records.GetValueOrDefault(partition),
                new Dictionary<string, PartitionStage?>(StringComparer.Ordinal)
                {
                    [Stages.Transformation] = Partition(partition, Stages.Transformation, transformation, failures),
                    [Stages.Quality] = Partition(partition, Stages.Quality, quality, failures),
                }))
            .ToList();
    }

    private static PartitionStage? Partition(int partition, string stage, IReadOnlyList<StageMarker> markers, IReadOnlyList<FailureRecord> failures)
    {
        if (failures.FirstOrDefault(f => f.Stage == stage && f.Partition == partition) is { } failure)
        {
            return new PartitionStage(StageStatus.Failed, null, failure.FailedAt, null, 0, 0, 0, failure.Reason);
        }

        if (markers.FirstOrDefault(m => m.Partition == partition) is not { } marker)
        {
            return null;
        }

        return new PartitionStage(
            StageStatus.Succeeded,
            marker.StartedAt,
            marker.CompletedAt,
            Seconds(marker.StartedAt, marker.CompletedAt),
            marker.RecordsIn,
            marker.RecordsOut,
            marker.Quarantined,
            null,
            marker.Worker);
    }

    private static double? Seconds(DateTimeOffset? started, DateTimeOffset? finished) =>
        started is { } from && finished is { } to ? Math.Round(Math.Max(0, (to - from).TotalSeconds), 3) : null;
}
