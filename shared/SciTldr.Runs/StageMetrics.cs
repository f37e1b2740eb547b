using System.Diagnostics.Metrics;
using SciTldr.Domain.Runs;

namespace SciTldr.Runs;

/// <summary>
/// What each stage did with records (meter <c>SciTldr.Stages</c>, tagged by stage and split): records in,
/// records out, records quarantined, and how long a partition (for ingestion: a run's sources) took.
/// </summary>
public static class StageMetrics
{
    public const string MeterName = "SciTldr.Stages";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> RecordsIn = Meter.CreateCounter<long>("scitldr.records.in", "{record}", "Records a stage read");
    private static readonly Counter<long> RecordsOut = Meter.CreateCounter<long>("scitldr.records.out", "{record}", "Records a stage passed on");
    private static readonly Counter<long> RecordsQuarantined = Meter.CreateCounter<long>("scitldr.records.quarantined", "{record}", "Records a stage quarantined");
    private static readonly Histogram<double> PartitionDuration = Meter.CreateHistogram<double>("scitldr.partition.duration", "s", "Time a stage took for one partition");

    /// <summary>A stage finished a partition (the marker it wrote).</summary>
    public static void Record(StageMarker marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        Record(marker.Stage, marker.Split, marker.RecordsIn, marker.RecordsOut, marker.Quarantined, marker.CompletedAt - marker.StartedAt);
    }

    /// <summary>Ingestion read a run's sources.</summary>
    public static void Record(string split, IngestionCounts counts, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(counts);
        Record(Contracts.Stages.Ingestion, split, counts.Lines, counts.Accepted, counts.Quarantined, duration);
    }

    private static void Record(string stage, string split, long recordsIn, long recordsOut, long quarantined, TimeSpan duration)
    {
        KeyValuePair<string, object?>[] tags = [new("stage", stage), new("split", split)];
        RecordsIn.Add(recordsIn, tags);
        RecordsOut.Add(recordsOut, tags);
        RecordsQuarantined.Add(quarantined, tags);
        PartitionDuration.Record(Math.Max(0, duration.TotalSeconds), tags);
    }
}
