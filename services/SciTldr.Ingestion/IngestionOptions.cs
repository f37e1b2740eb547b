using System.ComponentModel.DataAnnotations;

namespace SciTldr.Ingestion;

/// <summary>Settings of the ingestion service (section <c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Longest accepted line; longer ones are quarantined as <c>record_too_large</c> without being buffered.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRecordBytes { get; set; } = 1024 * 1024;

    /// <summary>Records per bronze partition when the request does not say.</summary>
    [Range(1, 1_000_000)]
    public int DefaultPartitionSize { get; set; } = 1000;

    /// <summary>Quarantined lines per quarantine file.</summary>
    [Range(1, 10_000_000)]
    public int QuarantinePartSize { get; set; } = 10_000;
}
