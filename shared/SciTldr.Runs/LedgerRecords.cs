using SciTldr.Domain.Quality;
using SciTldr.Domain.Runs;

namespace SciTldr.Runs;

/// <summary>
/// <c>runs/R/manifest.json</c>: what was asked, and (once ingestion has read the whole source) how
/// many partitions the run has and what became of every input line. Written by ingestion when it
/// starts (status <c>ingesting</c>) and again when it is done (<c>ingested</c>).
/// </summary>
public sealed record RunManifest
{
    public const string Ingesting = "ingesting";
    public const string Ingested = "ingested";

    public required string RunId { get; init; }

    public required string Source { get; init; }

    public required string Split { get; init; }

    public int PartitionSize { get; init; }

    public DateTimeOffset RequestedAt { get; init; }

    public required string Status { get; init; }

    public int? Partitions { get; init; }

    public IngestionCounts? Input { get; init; }

    public DateTimeOffset? IngestedAt { get; init; }

    public IReadOnlyList<string> BronzeKeys { get; init; } = [];

    public IReadOnlyList<string> QuarantineKeys { get; init; } = [];
}

/// <summary>
/// <c>runs/R/stages/S/part-N.json</c>: a stage finished a partition. Written after the stage's outputs,
/// so a marker means the outputs are complete. Redelivery rewrites it.
/// </summary>
public sealed record StageMarker
{
    public required string RunId { get; init; }

    public required string Stage { get; init; }

    public required int Partition { get; init; }

    public required string Split { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset CompletedAt { get; init; }

    /// <summary>Papers read by the stage.</summary>
    public long RecordsIn { get; init; }

    /// <summary>Papers written on (silver rows for transformation; papers passing error rules for quality).</summary>
    public long RecordsOut { get; init; }

    /// <summary>TLDR rows read by the stage.</summary>
    public long TldrsIn { get; init; }

    public long Quarantined { get; init; }

    public IReadOnlyDictionary<string, long> QuarantineByReason { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Quality only: statistics over the papers that passed, merged by reporting.</summary>
    public PartitionStats? Stats { get; init; }

    /// <summary>Quality only: per-rule outcome of the partition.</summary>
    public IReadOnlyList<RuleResult>? Rules { get; init; }
}

/// <summary><c>runs/R/failures/S/part-N.json</c> or <c>…/run.json</c>: a stage gave up, and why.</summary>
public sealed record FailureRecord(
    string RunId,
    string Stage,
    int? Partition,
    string Reason,
    string? MessageId,
    int Attempts,
    DateTimeOffset FailedAt);

/// <summary>Where a run stands, stage by stage (what <c>run --wait</c> draws).</summary>
public sealed record RunProgress(
    string RunId,
    RunManifest? Manifest,
    IReadOnlyDictionary<string, int> PartitionsDone,
    IReadOnlyList<FailureRecord> Failures,
    bool Finalized)
{
    public int? Partitions => Manifest?.Status == RunManifest.Ingested ? Manifest.Partitions : null;
}
