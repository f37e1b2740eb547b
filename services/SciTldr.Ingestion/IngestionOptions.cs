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

    /// <summary>Most objects one run reads from an S3 prefix; a larger prefix is refused rather than read for hours.</summary>
    [Range(1, 100_000)]
    public int MaxObjectsPerRun { get; set; } = 10_000;

    /// <summary>The cron trigger (section <c>Ingestion:Schedule</c>); off unless a cron expression is set.</summary>
    public ScheduleOptions Schedule { get; set; } = new();

    /// <summary>The landing watcher (section <c>Ingestion:Watcher</c>); off unless enabled.</summary>
    public WatcherOptions Watcher { get; set; } = new();
}

/// <summary>Runs on a schedule: at every occurrence of <see cref="Cron"/>, a run of <see cref="Source"/> (bookmarks skip what was read before).</summary>
public sealed class ScheduleOptions
{
    /// <summary>A cron expression (5 fields, or 6 with seconds first), e.g. <c>0 2 * * *</c>; empty turns the schedule off.</summary>
    public string? Cron { get; set; }

    /// <summary>IANA or Windows time zone the expression is read in; UTC by default.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>What each scheduled run reads: an s3:// prefix or object under landing/, or an http(s) URL.</summary>
    public string? Source { get; set; }

    public string? Split { get; set; }

    [Range(0, 1_000_000)]
    public int PartitionSize { get; set; }
}

/// <summary>Lists <see cref="Prefix"/> every <see cref="IntervalSeconds"/> and starts a run for each object version it has not ingested.</summary>
public sealed class WatcherOptions
{
    public bool Enabled { get; set; }

    [Range(1, 86_400)]
    public int IntervalSeconds { get; set; } = 60;

    /// <summary>Where new data lands; <c>landing/uploads/</c> (files the CLI and the API upload for their own runs) is never watched.</summary>
    public string Prefix { get; set; } = "landing/";

    [Range(0, 1_000_000)]
    public int PartitionSize { get; set; }
}
