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
/// <param name="Source">An <c>s3://bucket/landing/…</c> object in the lake bucket.</param>
/// <param name="Split">Split name; null means derive it from the file name.</param>
public sealed record StartRun(
    string RunId,
    string Source,
    string? Split,
    int PartitionSize,
    DateTimeOffset RequestedAt) : IRunMessage;

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
