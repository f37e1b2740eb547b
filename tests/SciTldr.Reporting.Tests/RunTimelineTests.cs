using SciTldr.Contracts;
using SciTldr.Reporting.Dashboard;
using SciTldr.Runs;
using static SciTldr.Reporting.Tests.Samples;

namespace SciTldr.Reporting.Tests;

public sealed class RunTimelineTests
{
    [Fact]
    public void A_finished_run_has_every_stage_succeeded_with_its_counts_and_durations()
    {
        var summary = Summary(runQuality: RunChecked());

        var timeline = RunTimeline.Build(Manifest(), Transformation(), Quality(), [], summary);

        Assert.Equal(Stages.All, timeline.Stages.Select(s => s.Stage));
        Assert.All(timeline.Stages, stage => Assert.Equal(StageStatus.Succeeded, stage.Status));
        var (ingestion, transformation, quality, reporting) = (timeline.Stages[0], timeline.Stages[1], timeline.Stages[2], timeline.Stages[3]);
        Assert.Equal((12L, 11L, 1L, 3.0), (ingestion.RecordsIn, ingestion.RecordsOut, ingestion.Quarantined, ingestion.Seconds!.Value));
        // Transformation runs from the first partition's start (3 s) to the last one's end (5 s).
        Assert.Equal((3, 3, 11L, 11L, 2.0), (transformation.PartitionsDone, transformation.Partitions!.Value, transformation.RecordsIn, transformation.RecordsOut, transformation.Seconds!.Value));
        Assert.Equal((11L, 10L, 1L, 1.5), (quality.RecordsIn, quality.RecordsOut, quality.Quarantined, quality.Seconds!.Value));
        // Reporting's fan-in: from the last partition checked (6.5 s) to the run-level check (7 s).
        Assert.Equal((RequestedAt.AddSeconds(6.5), RequestedAt.AddSeconds(7), 0.5), (reporting.StartedAt!.Value, reporting.FinishedAt!.Value, reporting.Seconds!.Value));
        Assert.Equal(RequestedAt, timeline.StartedAt);
    }

    [Fact]
    public void Every_partition_shows_its_records_and_what_each_stage_did_with_it()
    {
        var timeline = RunTimeline.Build(Manifest(), Transformation(), Quality(), [], Summary(runQuality: RunChecked()));

        Assert.Equal([0, 1, 2], timeline.Partitions.Select(p => p.Partition));
        Assert.Equal([4L, 4L, 3L], timeline.Partitions.Select(p => p.Records));
        var first = timeline.Partitions[0].Stages;
        Assert.Equal((StageStatus.Succeeded, 1.0, 4L), (first[Stages.Transformation]!.Status, first[Stages.Transformation]!.Seconds!.Value, first[Stages.Transformation]!.RecordsIn));
        Assert.Equal((0.25, 3L, 1L), (first[Stages.Quality]!.Seconds!.Value, first[Stages.Quality]!.RecordsOut, first[Stages.Quality]!.Quarantined));
    }

    [Fact]
    public void The_processes_that_did_the_partitions_are_counted_per_stage_and_named_per_partition()
    {
        // Two transformation instances shared the three partitions; quality's markers predate the worker field.
        var transformation = Transformation().Select((m, i) => m with { Worker = i == 1 ? "task-b/7" : "task-a/42" }).ToList();

        var timeline = RunTimeline.Build(Manifest(), transformation, Quality(), [], Summary(runQuality: RunChecked()));

        Assert.Equal(new Dictionary<string, int> { ["task-a/42"] = 2, ["task-b/7"] = 1 }, timeline.Stages[1].Workers);
        Assert.Null(timeline.Stages[2].Workers);
        Assert.Equal(["task-a/42", "task-b/7", "task-a/42"], timeline.Partitions.Select(p => p.Stages[Stages.Transformation]!.Worker));
        Assert.All(timeline.Partitions, p => Assert.Null(p.Stages[Stages.Quality]!.Worker));
    }

    [Fact]
    public void A_run_halfway_through_shows_later_stages_running_or_pending_without_end_times()
    {
        var quality = Quality().Take(1).ToList();
        var timeline = RunTimeline.Build(Manifest(), Transformation().Take(2).ToList(), quality, [], Summary(quality: quality));

        Assert.Equal(
            [StageStatus.Succeeded, StageStatus.Running, StageStatus.Running, StageStatus.Pending],
            timeline.Stages.Select(s => s.Status));
        Assert.Equal(2, timeline.Stages[1].PartitionsDone);
        Assert.Null(timeline.Stages[1].FinishedAt);
        Assert.Null(timeline.Stages[1].Seconds);
        Assert.NotNull(timeline.Stages[1].StartedAt);
        Assert.Null(timeline.Partitions[2].Stages[Stages.Quality]);
    }

    [Fact]
    public void While_ingestion_reads_the_partition_count_is_unknown_and_nothing_downstream_has_started()
    {
        var manifest = Manifest(ingested: false);
        var timeline = RunTimeline.Build(manifest, [], [], [], Summary(manifest, quality: []));

        Assert.Equal([StageStatus.Running, StageStatus.Pending, StageStatus.Pending, StageStatus.Pending], timeline.Stages.Select(s => s.Status));
        Assert.All(timeline.Stages.Skip(1).Take(2), stage => Assert.Null(stage.Partitions));
        Assert.Empty(timeline.Partitions);
    }

    [Fact]
    public void A_partition_that_failed_shows_its_stage_failed_with_the_reason_and_the_stages_after_it_waiting()
    {
        var failure = new FailureRecord(RunId, Stages.Transformation, 2, "silver write failed: disk full", "m-1", 5, RequestedAt.AddSeconds(9));
        var transformation = Transformation().Take(2).ToList();
        var quality = Quality().Take(2).ToList();
        var timeline = RunTimeline.Build(Manifest(), transformation, quality, [failure], Summary(quality: quality, failures: [failure]));

        Assert.Equal(
            [StageStatus.Succeeded, StageStatus.Failed, StageStatus.Pending, StageStatus.Pending],
            timeline.Stages.Select(s => s.Status));
        var failed = timeline.Partitions[2].Stages[Stages.Transformation]!;
        Assert.Equal((StageStatus.Failed, "silver write failed: disk full"), (failed.Status, failed.Reason));
        Assert.Equal([new TimelineFailure(Stages.Transformation, 2, "silver write failed: disk full")], timeline.Failures);
    }
}
