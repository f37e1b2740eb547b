using SciTldr.Contracts;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Records;
using SciTldr.Domain.Runs;
using static SciTldr.Runs.Tests.SampleLedger;

namespace SciTldr.Runs.Tests;

public sealed class SummaryBuilderTests
{
    private const string Bucket = "scitldr-lake-test";
    private const string ReportBase = "http://127.0.0.1:5080";

    private static RunSummary Build(
        RunManifest manifest,
        IReadOnlyList<StageMarker>? markers = null,
        IReadOnlyList<FailureRecord>? failures = null,
        string? reportBase = ReportBase,
        DateTimeOffset? now = null) =>
        SummaryBuilder.Build(manifest, markers ?? [], failures ?? [], Bucket, reportBase, now ?? RequestedAt.AddHours(1), RunChecked(manifest.RunId));

    // ---- status and timing -------------------------------------------------------------------

    [Fact]
    public void A_run_still_ingesting_is_running_with_no_partitions_and_its_duration_measured_to_now()
    {
        var summary = Build(Ingesting(), now: RequestedAt.AddSeconds(90.25));

        Assert.Equal(RunStatus.Running, summary.Status);
        Assert.Equal(0, summary.Partitions);
        Assert.Equal(90.25, summary.DurationSeconds);
        Assert.Null(summary.FinishedAt);
        Assert.Equal(RequestedAt, summary.StartedAt);
        Assert.Equal(new RunInputCounts(0, 0, 0, 0), summary.Input);
        Assert.Equal(0, summary.Papers);
        Assert.Empty(summary.Quarantine);
        Assert.Empty(summary.Failures);
    }

    [Fact]
    public void An_ingested_run_with_fewer_quality_markers_than_partitions_is_still_running()
    {
        var summary = Build(Ingested(partitions: 3), [Quality0(), Quality2()], now: RequestedAt.AddSeconds(70.5));

        Assert.Equal(RunStatus.Running, summary.Status);
        Assert.Equal(3, summary.Partitions);
        Assert.Null(summary.FinishedAt);
        Assert.Equal(70.5, summary.DurationSeconds);
    }

    [Fact]
    public void A_run_still_ingesting_is_running_even_with_a_quality_marker_for_every_partition_it_names()
    {
        // Only an ingested manifest has its final partition count; an earlier count may still grow.
        var summary = Build(Ingesting() with { Partitions = 2 }, [Quality0(), Quality1()]);

        Assert.Equal(RunStatus.Running, summary.Status);
        Assert.Null(summary.FinishedAt);
    }

    [Fact]
    public void A_running_run_without_progress_for_longer_than_the_threshold_shows_as_stalled_with_what_it_waits_on()
    {
        var lastProgress = new[] { Quality0().CompletedAt, Quality2().CompletedAt }.Max();

        var stalled = SummaryBuilder.Build(Ingested(partitions: 3), [Quality0(), Quality2()], [], Bucket, ReportBase, lastProgress.AddMinutes(20), stallAfter: TimeSpan.FromMinutes(15));
        var busy = SummaryBuilder.Build(Ingested(partitions: 3), [Quality0(), Quality2()], [], Bucket, ReportBase, lastProgress.AddMinutes(5), stallAfter: TimeSpan.FromMinutes(15));
        var done = Build(Ingested(partitions: 3), AllQualityMarkers(), now: lastProgress.AddDays(1));

        Assert.Equal(RunStatus.Running, stalled.Status);
        Assert.Equal(lastProgress, stalled.Stalled!.Since);
        Assert.Contains("2 of 3 partitions are through quality", stalled.Stalled.Reason, StringComparison.Ordinal);
        Assert.Contains("no progress for 20 min", stalled.Stalled.Reason, StringComparison.Ordinal);
        Assert.Null(busy.Stalled);
        Assert.Null(done.Stalled);
    }

    [Fact]
    public void Every_partition_checked_is_still_running_until_the_run_level_rules_have_judged_the_run()
    {
        var waiting = SummaryBuilder.Build(Ingested(partitions: 3), AllQualityMarkers(), [], Bucket, ReportBase, RequestedAt.AddHours(1));
        var judged = SummaryBuilder.Build(Ingested(partitions: 3), AllQualityMarkers(), [], Bucket, ReportBase, RequestedAt.AddHours(1), RunChecked() with { CheckedAt = RequestedAt.AddMinutes(2) });

        Assert.Equal(RunStatus.Running, waiting.Status);
        Assert.Equal(RunStatus.Succeeded, judged.Status);
        Assert.Equal(RequestedAt.AddMinutes(2), judged.FinishedAt);
    }

    [Fact]
    public void An_ingested_run_with_a_quality_marker_for_every_partition_succeeded_when_its_last_marker_completed()
    {
        // Partition 1 completed last (55.125 s after the request), though partition 2 is the highest.
        var summary = Build(Ingested(partitions: 3), AllQualityMarkers(), now: RequestedAt.AddHours(5));

        Assert.Equal(RunStatus.Succeeded, summary.Status);
        Assert.Equal(3, summary.Partitions);
        Assert.Equal(Quality1().CompletedAt, summary.FinishedAt);
        Assert.Equal(55.125, summary.DurationSeconds);
        Assert.Equal(RequestedAt, summary.StartedAt);
        Assert.Equal(Split, summary.Split);
        Assert.Empty(summary.Failures);
    }

    [Fact]
    public void A_failure_record_fails_the_run_even_with_every_partition_checked()
    {
        var summary = Build(Ingested(partitions: 3), AllQualityMarkers(), [Failure(Stages.Reporting, null, "gold write failed", secondsAfterRequest: 61.5)]);

        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.Equal(RequestedAt.AddSeconds(61.5), summary.FinishedAt);
        Assert.Equal(61.5, summary.DurationSeconds);
    }

    [Fact]
    public void A_failure_during_ingestion_fails_the_run_before_any_partition_exists()
    {
        var summary = Build(Ingesting(), failures: [Failure(Stages.Ingestion, null, "source not found", secondsAfterRequest: 2)]);

        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.Equal(0, summary.Partitions);
        Assert.Equal(2.0, summary.DurationSeconds);
        Assert.Equal([new RunFailure(Stages.Ingestion, null, "source not found")], summary.Failures);
    }

    [Fact]
    public void Failures_are_listed_in_stage_order_then_partition_with_stage_partition_and_reason()
    {
        FailureRecord[] failures =
        [
            Failure(Stages.Reporting, null, "summary write failed"),
            Failure(Stages.Quality, 2, "parquet unreadable"),
            Failure(Stages.Transformation, 3, "poison message"),
            Failure(Stages.Ingestion, null, "source vanished"),
            Failure(Stages.Transformation, 1, "out of memory"),
            Failure(Stages.Quality, 0, "rule crashed"),
        ];

        var summary = Build(Ingested(partitions: 4), [Quality0()], failures);

        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.Equal(
            [
                new RunFailure(Stages.Ingestion, null, "source vanished"),
                new RunFailure(Stages.Transformation, 1, "out of memory"),
                new RunFailure(Stages.Transformation, 3, "poison message"),
                new RunFailure(Stages.Quality, 0, "rule crashed"),
                new RunFailure(Stages.Quality, 2, "parquet unreadable"),
                new RunFailure(Stages.Reporting, null, "summary write failed"),
            ],
            summary.Failures);
    }

    // ---- counts, quarantine, quality, stats ----------------------------------------------------

    [Fact]
    public void Quarantine_merges_ingestion_reason_codes_with_the_quality_stage_reasons_and_reconciles()
    {
        var summary = Build(Ingested(), AllQualityMarkers());

        Assert.Equal(
            new Dictionary<string, long>
            {
                [ReasonCodes.MalformedJson] = 1,
                [Rules.RougeRangeId] = 1,
                [Rules.TldrNonemptyId] = 2,
                [ReasonCodes.WrongType] = 1,
            },
            summary.Quarantine);
        Assert.Equal(new RunInputCounts(Lines: 14, Accepted: 11, Quarantined: 2, Blank: 1), summary.Input);
        Assert.Equal(3, summary.Quality.Quarantined);
        Assert.True(summary.IsReconciled);
    }

    [Fact]
    public void A_reason_code_counted_by_both_ingestion_and_quality_is_summed()
    {
        var input = new IngestionCounts(10, 7, 3, 0, new Dictionary<string, long> { [ReasonCodes.DuplicatePaperId] = 2, [ReasonCodes.MissingField] = 1 });
        var marker = QualityMarker(RunId, 0) with
        {
            RecordsIn = 7,
            Quarantined = 1,
            QuarantineByReason = new Dictionary<string, long> { [ReasonCodes.DuplicatePaperId] = 1 },
        };

        var summary = Build(Ingested(partitions: 1, input: input), [marker]);

        Assert.Equal(3, summary.Quarantine[ReasonCodes.DuplicatePaperId]);
        Assert.Equal(1, summary.Quarantine[ReasonCodes.MissingField]);
        Assert.Equal(4, summary.Quarantine.Values.Sum());
        Assert.True(summary.IsReconciled);
    }

    [Fact]
    public void Quality_rules_are_summed_across_partitions_per_rule_with_their_severity()
    {
        var summary = Build(Ingested(), AllQualityMarkers());

        Assert.Equal(
            new Dictionary<string, RuleSummary>
            {
                [Rules.AbstractNonemptyId] = new("error", 0),
                [Rules.TldrNonemptyId] = new("error", 2, Passed: false),
                [Rules.RougeRangeId] = new("error", 1, Passed: false),
                [Rules.SingleOracleId] = new("warning", 3, Passed: false),
            },
            summary.Quality.Rules);
        Assert.Equal([Rules.AbstractNonemptyId, Rules.TldrNonemptyId, Rules.RougeRangeId, Rules.SingleOracleId], summary.Quality.Rules.Keys);
        Assert.False(summary.Quality.Passed);
    }

    [Fact]
    public void Quality_passes_when_only_warning_rules_failed()
    {
        var marker = QualityMarker(RunId, 0) with
        {
            Rules = [Rule(Rules.TldrNonemptyId, RuleSeverity.Error, 5, 0), Rule(Rules.SingleOracleId, RuleSeverity.Warning, 5, 2)],
        };

        var summary = Build(Ingested(partitions: 1), [marker]);

        Assert.True(summary.Quality.Passed);
        Assert.Equal(new RuleSummary("warning", 2, Passed: false), summary.Quality.Rules[Rules.SingleOracleId]);
    }

    [Fact]
    public void Stats_are_the_quality_markers_stats_merged_in_partition_order()
    {
        var expected = RunStats.From(PartitionStats.MergeAll([Stats0, Stats1, Stats2]));

        var summary = Build(Ingested(), AllQualityMarkers());

        Assert.Equal(expected, summary.Stats);

        // By hand: abstract words 805 / 8 papers, author TLDR words 149 / 8, peer-review 81 / 4,
        // compression 16.1 / 4 pairs, sentences 57 / 8; all rounded half away from zero.
        Assert.Equal(new RunStats(100.63, 18.63, 20.25, 4.03, 7.13), summary.Stats);
    }

    [Fact]
    public void Markers_given_out_of_order_give_the_same_stats_as_in_partition_order()
    {
        // The sample is chosen so that merging in listing order (2, 0, 1) would round differently.
        Assert.NotEqual(
            RunStats.From(PartitionStats.MergeAll([Stats0, Stats1, Stats2])).CompressionMean,
            RunStats.From(PartitionStats.MergeAll([Stats2, Stats0, Stats1])).CompressionMean);

        var inOrder = Build(Ingested(), AllQualityMarkers());
        var outOfOrder = Build(Ingested(), [Quality2(), Quality0(), Quality1()]);

        Assert.Equal(inOrder.Stats, outOfOrder.Stats);
        Assert.Equal(RunSummaryJson.Serialize(inOrder), RunSummaryJson.Serialize(outOfOrder));
    }

    [Fact]
    public void Papers_are_the_accepted_input_records_and_tldrs_the_quality_stage_tldrs_read()
    {
        var summary = Build(Ingested(), AllQualityMarkers());

        Assert.Equal(11, summary.Papers);
        Assert.Equal(6 + 5 + 4, summary.Tldrs);
    }

    [Fact]
    public void A_quality_marker_without_stats_or_rules_counts_as_empty()
    {
        var bare = QualityMarker(RunId, 1) with { TldrsIn = 3 };

        var summary = Build(Ingested(partitions: 2), [Quality0(), bare]);

        Assert.Equal(RunStatus.Succeeded, summary.Status);
        Assert.Equal(RunStats.From(Stats0), summary.Stats);
        Assert.Equal(6 + 3, summary.Tldrs);
        Assert.Equal(3, summary.Quality.Rules.Count);
    }

    // ---- outputs -----------------------------------------------------------------------------

    [Theory]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/?run=run-sample-1")]
    [InlineData("http://127.0.0.1:5080/", "http://127.0.0.1:5080/?run=run-sample-1")]
    [InlineData("https://reports.example.org/scitldr/", "https://reports.example.org/scitldr/?run=run-sample-1")]
    public void Outputs_name_the_lake_bucket_and_the_dashboard_opened_on_the_run_under_the_report_base(string reportBase, string expectedReport)
    {
        var summary = Build(Ingested(), AllQualityMarkers(), reportBase: reportBase);

        Assert.Equal(new RunOutputs($"s3://{Bucket}", expectedReport), summary.Outputs);
    }

    [Fact]
    public void Without_a_report_base_the_report_output_is_the_runs_static_report_in_the_lake()
    {
        var summary = Build(Ingested(), AllQualityMarkers(), reportBase: null);

        Assert.Equal(new RunOutputs($"s3://{Bucket}", $"s3://{Bucket}/reports/run-sample-1/index.html"), summary.Outputs);
    }

    // ---- determinism -------------------------------------------------------------------------

    [Fact]
    public void Building_twice_from_the_same_ledger_gives_identical_json()
    {
        var manifest = Ingested();
        var markers = AllQualityMarkers();
        FailureRecord[] failures = [Failure(Stages.Quality, 1, "rule crashed"), Failure(Stages.Transformation, 0, "poison message")];

        foreach (var failed in (IReadOnlyList<FailureRecord>[])[[], failures])
        {
            var first = RunSummaryJson.Serialize(SummaryBuilder.Build(manifest, markers, failed, Bucket, ReportBase, RequestedAt.AddHours(1), RunChecked(manifest.RunId)));
            var second = RunSummaryJson.Serialize(SummaryBuilder.Build(manifest, markers, failed, Bucket, ReportBase, RequestedAt.AddHours(2), RunChecked(manifest.RunId)));

            Assert.Equal(first, second);
        }
    }

    [Fact]
    public void The_order_in_which_the_ledger_lists_markers_failures_rules_and_reasons_does_not_change_the_json()
    {
        var reversedInput = Input with { Quarantine = Input.Quarantine.Reverse().ToDictionary() };
        var reorderedMarkers = AllQualityMarkers()
            .Reverse()
            .Select(m => m with { Rules = [.. m.Rules!.Reverse()], QuarantineByReason = m.QuarantineByReason.Reverse().ToDictionary() })
            .ToList();
        FailureRecord[] failures = [Failure(Stages.Transformation, 0, "poison message", 30), Failure(Stages.Quality, 1, "rule crashed", 45), Failure(Stages.Reporting, null, "gold write failed", 80)];

        var listed = Build(Ingested(), AllQualityMarkers(), failures);
        var reordered = Build(Ingested(input: reversedInput), reorderedMarkers, [.. Enumerable.Reverse(failures)]);

        Assert.Equal(RunSummaryJson.Serialize(listed), RunSummaryJson.Serialize(reordered));
    }
}
