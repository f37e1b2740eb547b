namespace SciTldr.Contracts;

/// <summary>Every message belongs to one pipeline run; the edge uses this to report failures.</summary>
public interface IRunMessage
{
    string RunId { get; }
}

/// <summary>A message that concerns one partition of a run.</summary>
public interface IPartitionMessage : IRunMessage
{
    int Partition { get; }
}

/// <summary>Asks ingestion to read a source and start a run (queue: ingestion).</summary>
/// <param name="Source">
/// An <c>s3://bucket/landing/…</c> object or prefix (every object under it, in key order) in the lake
/// bucket, or an <c>http(s)://</c> address; empty when <paramref name="BackfillFrom"/> is set.
/// </param>
/// <param name="Split">Split name; null means derive it from the file name.</param>
/// <param name="PartitionSize">Records per bronze partition; 0 means the service's default.</param>
/// <param name="Trigger">What started the run: one of <see cref="RunTriggers"/>; null is read as <see cref="RunTriggers.Request"/>.</param>
/// <param name="Reprocess">Ingest sources even when a bookmark says this version was ingested already.</param>
/// <param name="BackfillFrom">Re-run from this earlier run's bronze data, without reading its sources again.</param>
public sealed record StartRun(
    string RunId,
    string Source,
    string? Split,
    int PartitionSize,
    DateTimeOffset RequestedAt,
    string? Trigger = null,
    bool Reprocess = false,
    string? BackfillFrom = null) : IRunMessage;

/// <summary>What can start a run; recorded in the run manifest.</summary>
public static class RunTriggers
{
    /// <summary>The CLI's <c>run</c> or the ingestion service's <c>POST /runs</c>.</summary>
    public const string Request = "request";

    /// <summary>The cron schedule in the ingestion service's configuration.</summary>
    public const string Schedule = "schedule";

    /// <summary>The landing watcher found an object it had not ingested.</summary>
    public const string Watcher = "watcher";

    /// <summary>An S3 event notification (ObjectCreated) on the ingestion queue.</summary>
    public const string S3Event = "s3-event";

    /// <summary>A re-run of an earlier run from its bronze data.</summary>
    public const string Backfill = "backfill";

    public static readonly IReadOnlyList<string> All = [Request, Schedule, Watcher, S3Event, Backfill];
}

/// <summary>
/// Objects were created in the lake bucket: an AWS S3 event notification, as it arrives on the ingestion
/// queue in S3's own JSON format, adapted into a typed message by the ingestion service's edge.
/// </summary>
/// <param name="IsTestEvent">The <c>s3:TestEvent</c> S3 sends when a notification is configured: nothing to do.</param>
public sealed record S3ObjectsCreated(IReadOnlyList<S3CreatedObject> Objects, bool IsTestEvent);

/// <summary>One record of an S3 event notification; <paramref name="Key"/> already URL-decoded.</summary>
public sealed record S3CreatedObject(string EventName, string Bucket, string Key, string? ETag, long Size, DateTimeOffset EventTime);

/// <summary>Ingestion wrote a bronze partition; transformation should turn it into silver.</summary>
public sealed record TransformPartition(
    string RunId,
    int Partition,
    string Split,
    string BronzeKey,
    int Records) : IPartitionMessage;

/// <summary>Transformation wrote silver for a partition; quality should check it.</summary>
public sealed record CheckPartition(
    string RunId,
    int Partition,
    string Split,
    string PapersKey,
    string TldrsKey,
    int Papers,
    int Tldrs) : IPartitionMessage;

/// <summary>Quality finished a partition; reporting fans the run in.</summary>
public sealed record PartitionChecked(
    string RunId,
    int Partition,
    string Split,
    string ReportKey) : IPartitionMessage;

/// <summary>Ingestion read the whole source; reporting now knows how many partitions to expect.</summary>
public sealed record RunIngested(
    string RunId,
    string Split,
    int Partitions,
    string ManifestKey) : IRunMessage;

/// <summary>A stage gave up on a run or partition (last delivery attempt, or a permanent error).</summary>
/// <param name="Partition">The partition, or null when the whole run failed (e.g. the source is unreadable).</param>
public sealed record StageFailed(
    string RunId,
    string Stage,
    int? Partition,
    string Reason,
    DateTimeOffset FailedAt) : IRunMessage;

/// <summary>Every partition of the run is checked: quality runs the run-level rules (queue: quality).</summary>
public sealed record CheckRun(
    string RunId,
    string Split) : IRunMessage;

/// <summary>Quality finished the run-level rules; reporting can finalize the run (queue: reporting).</summary>
public sealed record RunChecked(
    string RunId,
    string ReportKey) : IRunMessage;
