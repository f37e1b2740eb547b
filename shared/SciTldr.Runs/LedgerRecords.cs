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

    /// <summary>What started the run (<see cref="Contracts.RunTriggers"/>).</summary>
    public string Trigger { get; init; } = Contracts.RunTriggers.Request;

    /// <summary>The request asked to ingest sources even where a bookmark said they were ingested already.</summary>
    public bool Reprocess { get; init; }

    /// <summary>For a backfill: the run whose bronze data this run re-uses.</summary>
    public string? BackfillFrom { get; init; }

    /// <summary>The W3C trace id of the run: every span of every service that worked on it shares it.</summary>
    public string? TraceId { get; init; }

    /// <summary>When ingestion began reading (the request may have waited in the queue before).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Every source object of the run, in the order read, with its checksums and what became of it.</summary>
    public IReadOnlyList<SourceRecord> Sources { get; init; } = [];

    /// <summary>Every bronze partition with its record count, in partition order.</summary>
    public IReadOnlyList<PartitionRecord> PartitionList { get; init; } = [];
}

/// <summary>One source of a run, as the manifest records it.</summary>
/// <param name="Address">The <c>s3://</c> or <c>http(s)://</c> address read.</param>
/// <param name="Outcome"><see cref="Ingested"/>, <see cref="Skipped"/> (a bookmark matched) or <see cref="Backfilled"/>.</param>
/// <param name="ETag">The object's entity tag as S3 or the HTTP server gave it (without quotes).</param>
/// <param name="Sha256">Hex SHA-256 of the bytes read (compressed, as stored); null when skipped before reading.</param>
/// <param name="Bytes">Bytes read (compressed, as stored).</param>
/// <param name="Compression"><c>gzip</c> or <c>none</c>, detected from the content.</param>
/// <param name="SkippedBecause">For a skipped source, the run that ingested this version; for a backfilled one, the run whose bronze data was re-used.</param>
public sealed record SourceRecord(
    string Address,
    string Outcome,
    string? ETag,
    string? Sha256,
    long Bytes,
    string? Compression,
    DateTimeOffset? LastModified,
    IngestionCounts? Input,
    string? SkippedBecause)
{
    public const string Ingested = "ingested";
    public const string Skipped = "skipped";
    public const string Backfilled = "backfilled";
}

/// <summary>A bronze partition: its number, key and how many records it holds.</summary>
public sealed record PartitionRecord(int Partition, string Key, int Records);

/// <summary>
/// <c>bookmarks/{sha256(address)}.json</c>: the version of a source that was last ingested, and by which run,
/// as Glue job bookmarks keep it. A source with the same address and ETag (S3), or the same SHA-256 (HTTP),
/// is skipped unless the request says reprocess, and unless the bookmark's run failed.
/// </summary>
public sealed record Bookmark(
    string Address,
    string? ETag,
    string? Sha256,
    long Bytes,
    string RunId,
    DateTimeOffset IngestedAt);

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

    /// <summary>The process that did the work, <c>host/pid</c> (<see cref="ThisWorker"/>): which instance of a scaled-out service took the partition.</summary>
    public string? Worker { get; init; }

    /// <summary>This process, as <see cref="Worker"/> names it: in ECS the host name is the task's.</summary>
    public static string ThisWorker { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";
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
