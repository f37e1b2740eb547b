using SciTldr.Contracts;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.RunLevel;
using SciTldr.Domain.Runs;
using SciTldr.Runs;

namespace SciTldr.Reporting.Tests;

/// <summary>A hand-worked dev run of 3 partitions (4, 4 and 3 papers from 12 input lines, 1 quarantined by ingestion).</summary>
internal static class Samples
{
    public const string RunId = "run-dash-1";
    public const string Split = "dev";

    public static readonly DateTimeOffset RequestedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static RunManifest Manifest(bool ingested = true) => new()
    {
        RunId = RunId,
        Source = $"s3://lake/landing/{RunId}/dev.jsonl",
        Split = Split,
        PartitionSize = 4,
        RequestedAt = RequestedAt,
        StartedAt = RequestedAt.AddSeconds(1),
        Status = ingested ? RunManifest.Ingested : RunManifest.Ingesting,
        Partitions = ingested ? 3 : null,
        IngestedAt = ingested ? RequestedAt.AddSeconds(4) : null,
        Input = ingested ? new IngestionCounts(12, 11, 1, 0, new Dictionary<string, long> { ["malformed_json"] = 1 }) : null,
        PartitionList = ingested ? [new(0, "b0", 4), new(1, "b1", 4), new(2, "b2", 3)] : [],
    };

    /// <summary>Partition p's stage marker: starts at second <paramref name="start"/>, lasts <paramref name="seconds"/>.</summary>
    public static StageMarker Marker(string stage, int partition, double start, double seconds, long records, long quarantined = 0, IReadOnlyList<RuleResult>? rules = null) => new()
    {
        RunId = RunId,
        Stage = stage,
        Partition = partition,
        Split = Split,
        StartedAt = RequestedAt.AddSeconds(start),
        CompletedAt = RequestedAt.AddSeconds(start + seconds),
        RecordsIn = records,
        RecordsOut = records - quarantined,
        TldrsIn = records * 2,
        Quarantined = quarantined,
        QuarantineByReason = quarantined == 0 ? new Dictionary<string, long>() : new Dictionary<string, long> { ["tldr_nonempty"] = quarantined },
        Rules = rules,
    };

    public static IReadOnlyList<StageMarker> Transformation() =>
        [Marker(Stages.Transformation, 0, 3, 1, 4), Marker(Stages.Transformation, 1, 3.5, 1.5, 4), Marker(Stages.Transformation, 2, 4.5, 0.5, 3)];

    public static IReadOnlyList<StageMarker> Quality() =>
        [Marker(Stages.Quality, 0, 5, 0.25, 4, 1), Marker(Stages.Quality, 1, 5.5, 0.5, 4), Marker(Stages.Quality, 2, 5.5, 1, 3)];

    public static RunQualityReport RunChecked(IReadOnlyList<RunRuleResult>? rules = null, double at = 7) => new(
        RunId,
        Split,
        "2026.2",
        RequestedAt.AddSeconds(at),
        rules ?? [],
        [],
        false,
        new RunMetrics(RunId, Split, RequestedAt.AddSeconds(at), new Dictionary<string, double> { ["papers"] = 10 }, new Dictionary<string, Histogram>()),
        null,
        []);

    public static RunSummary Summary(
        RunManifest? manifest = null,
        IReadOnlyList<StageMarker>? quality = null,
        IReadOnlyList<FailureRecord>? failures = null,
        RunQualityReport? runQuality = null,
        DateTimeOffset? now = null) =>
        SummaryBuilder.Build(manifest ?? Manifest(), quality ?? Quality(), failures ?? [], "lake", null, now ?? RequestedAt.AddSeconds(8), runQuality);
}
