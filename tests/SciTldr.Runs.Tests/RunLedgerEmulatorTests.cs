using System.Text.Json;
using Microsoft.Extensions.Options;
using SciTldr.Contracts;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Records;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Testing;
using static SciTldr.Runs.Tests.SampleLedger;

namespace SciTldr.Runs.Tests;

public sealed class RunLedgerEmulatorTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string ReportBase = "http://127.0.0.1:5080/";

    private async Task<(RunLedger Ledger, S3Lake Lake)> NewLedgerAsync()
    {
        var lake = new S3Lake(
            fixture.Emulator.CreateS3Client(),
            Options.Create(new LakeOptions { Bucket = EmulatorFixture.UniqueName("runs"), CreateBucketIfMissing = true }));
        await lake.EnsureBucketAsync();
        return (new RunLedger(lake), lake);
    }

    private static async Task<List<string>> RunIdsAsync(RunLedger ledger)
    {
        var ids = new List<string>();
        await foreach (var id in ledger.ListRunIdsAsync())
        {
            ids.Add(id);
        }

        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    private static string LedgerJson<T>(T value) => JsonSerializer.Serialize(value, RunLedger.Json);

    [Fact]
    public async Task A_manifest_round_trips_with_its_ingestion_counts_and_quarantine_breakdown()
    {
        var (ledger, _) = await NewLedgerAsync();
        var written = Ingested() with { RequestedAt = new DateTimeOffset(2025, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)) };

        await ledger.WriteManifestAsync(written);
        var read = await ledger.GetManifestAsync(RunId);

        Assert.NotNull(read);
        Assert.Equal(
            (written.RunId, written.Source, written.Split, written.PartitionSize, written.RequestedAt, written.Status, written.Partitions, written.IngestedAt),
            (read.RunId, read.Source, read.Split, read.PartitionSize, read.RequestedAt, read.Status, read.Partitions, read.IngestedAt));
        Assert.Equal(written.BronzeKeys, read.BronzeKeys);
        Assert.Equal(written.QuarantineKeys, read.QuarantineKeys);
        Assert.NotNull(read.Input);
        Assert.Equal((14L, 11L, 2L, 1L), (read.Input.Lines, read.Input.Accepted, read.Input.Quarantined, read.Input.Blank));
        Assert.Equal(new Dictionary<string, long> { [ReasonCodes.MalformedJson] = 1, [ReasonCodes.WrongType] = 1 }, read.Input.Quarantine);
        Assert.True(read.Input.IsReconciled);
        Assert.Equal(LedgerJson(written), LedgerJson(read));
    }

    [Fact]
    public async Task Rewriting_a_manifest_replaces_it_and_an_unknown_run_has_none()
    {
        var (ledger, _) = await NewLedgerAsync();

        await ledger.WriteManifestAsync(Ingesting());
        var ingesting = await ledger.GetManifestAsync(RunId);
        await ledger.WriteManifestAsync(Ingested());
        var ingested = await ledger.GetManifestAsync(RunId);

        Assert.Equal(RunManifest.Ingesting, ingesting?.Status);
        Assert.Null(ingesting?.Partitions);
        Assert.Null(ingesting?.Input);
        Assert.Equal(RunManifest.Ingested, ingested?.Status);
        Assert.Equal(3, ingested?.Partitions);
        Assert.Null(await ledger.GetManifestAsync("no-such-run"));
    }

    [Fact]
    public async Task Markers_of_a_stage_are_listed_in_partition_order_and_counted()
    {
        var (ledger, _) = await NewLedgerAsync();
        foreach (var partition in new[] { 11, 2, 0, 1 })
        {
            await ledger.WriteMarkerAsync(QualityMarker(RunId, partition));
        }

        await ledger.WriteMarkerAsync(Marker(RunId, Stages.Transformation, 5));
        await ledger.WriteMarkerAsync(QualityMarker("other-run", 3));

        var quality = await ledger.GetMarkersAsync(RunId, Stages.Quality);

        Assert.Equal([0, 1, 2, 11], quality.Select(m => m.Partition));
        Assert.All(quality, m => Assert.Equal((RunId, Stages.Quality), (m.RunId, m.Stage)));
        Assert.Equal(4, await ledger.CountMarkersAsync(RunId, Stages.Quality));
        Assert.Equal(1, await ledger.CountMarkersAsync(RunId, Stages.Transformation));
        Assert.Equal(0, await ledger.CountMarkersAsync(RunId, Stages.Reporting));
        Assert.Empty(await ledger.GetMarkersAsync(RunId, Stages.Reporting));
    }

    [Fact]
    public async Task A_redelivered_marker_replaces_the_first_one()
    {
        var (ledger, _) = await NewLedgerAsync();

        await ledger.WriteMarkerAsync(QualityMarker(RunId, 0) with { RecordsOut = 3 });
        await ledger.WriteMarkerAsync(QualityMarker(RunId, 0) with { RecordsOut = 4 });

        var marker = Assert.Single(await ledger.GetMarkersAsync(RunId, Stages.Quality));
        Assert.Equal(4, marker.RecordsOut);
        Assert.Equal(1, await ledger.CountMarkersAsync(RunId, Stages.Quality));
    }

    [Fact]
    public async Task A_quality_marker_round_trips_its_stats_rules_and_reasons_with_severities_spelled_out()
    {
        var (ledger, lake) = await NewLedgerAsync();
        var written = Quality2() with { Stats = Stats2 with { CompressionSum = 0.1 + 0.2 } };

        await ledger.WriteMarkerAsync(written);
        var read = Assert.Single(await ledger.GetMarkersAsync(RunId, Stages.Quality));

        Assert.Equal(written.Stats, read.Stats);
        Assert.NotNull(read.Rules);
        Assert.Equal(
            written.Rules!.Select(r => (r.RuleId, r.Severity, r.Evaluated, r.Failed, string.Join(",", r.Examples))),
            read.Rules.Select(r => (r.RuleId, r.Severity, r.Evaluated, r.Failed, string.Join(",", r.Examples))));
        Assert.Equal(written.QuarantineByReason, read.QuarantineByReason);
        Assert.Equal(
            (written.Split, written.StartedAt, written.CompletedAt, written.RecordsIn, written.RecordsOut, written.TldrsIn, written.Quarantined),
            (read.Split, read.StartedAt, read.CompletedAt, read.RecordsIn, read.RecordsOut, read.TldrsIn, read.Quarantined));
        Assert.Equal(written.Outputs, read.Outputs);

        using var stored = JsonDocument.Parse(await lake.GetBytesAsync(LakeLayout.StageMarkerKey(RunId, Stages.Quality, 2)));
        var severities = stored.RootElement.GetProperty("rules").EnumerateArray()
            .Select(rule => (rule.GetProperty("ruleId").GetString(), rule.GetProperty("severity").GetString()));
        Assert.Equal(
            [(Rules.AbstractNonemptyId, "error"), (Rules.TldrNonemptyId, "error"), (Rules.RougeRangeId, "error"), (Rules.SingleOracleId, "warning")],
            severities);
    }

    [Fact]
    public async Task Failures_of_a_partition_and_of_a_whole_run_are_both_listed()
    {
        var (ledger, _) = await NewLedgerAsync();
        var partitionFailure = Failure(Stages.Transformation, 3, "poison message", 30);
        var runFailure = Failure(Stages.Reporting, null, "gold write failed", 80);

        await ledger.WriteFailureAsync(partitionFailure);
        await ledger.WriteFailureAsync(runFailure);
        await ledger.WriteFailureAsync(Failure(Stages.Quality, 0, "someone else's", runId: "other-run"));

        var failures = await ledger.GetFailuresAsync(RunId);

        Assert.Equal(2, failures.Count);
        Assert.Contains(partitionFailure, failures);
        Assert.Contains(runFailure, failures);
        Assert.Empty(await ledger.GetFailuresAsync("run-without-failures"));
    }

    [Fact]
    public async Task The_summary_is_absent_until_written_and_then_reads_back_equal()
    {
        var (ledger, _) = await NewLedgerAsync();
        var summary = SummaryBuilder.Build(Ingested(), AllQualityMarkers(), [], ledger.Bucket, ReportBase, RequestedAt.AddHours(1), RunChecked());

        Assert.Null(await ledger.GetSummaryAsync(RunId));

        await ledger.WriteSummaryAsync(summary);
        var read = await ledger.GetSummaryAsync(RunId);

        Assert.NotNull(read);
        Assert.Equal(RunSummaryJson.Serialize(summary), RunSummaryJson.Serialize(read));
        Assert.Equal(RunStatus.Succeeded, read.Status);
        Assert.True(read.IsReconciled);
    }

    [Fact]
    public async Task Without_a_written_summary_the_running_summary_is_computed_from_the_ledger()
    {
        var (ledger, _) = await NewLedgerAsync();
        var requestedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        await ledger.WriteManifestAsync(Ingested() with { RequestedAt = requestedAt });
        await ledger.WriteMarkerAsync(Quality0() with { CompletedAt = requestedAt.AddMinutes(1) });
        await ledger.WriteMarkerAsync(Quality2() with { CompletedAt = requestedAt.AddMinutes(2) });

        var before = DateTimeOffset.UtcNow;
        var summary = await ledger.GetOrComputeSummaryAsync(RunId, ReportBase);
        var after = DateTimeOffset.UtcNow;

        Assert.NotNull(summary);
        Assert.Equal(RunStatus.Running, summary.Status);
        Assert.Equal(3, summary.Partitions);
        Assert.Equal(6 + 4, summary.Tldrs);
        Assert.Equal(new RunOutputs($"s3://{ledger.Bucket}", $"http://127.0.0.1:5080/?run={RunId}"), summary.Outputs);
        Assert.Null(summary.FinishedAt);
        Assert.InRange(summary.DurationSeconds, (before - requestedAt).TotalSeconds - 0.001, (after - requestedAt).TotalSeconds + 0.001);
    }

    [Fact]
    public async Task A_failure_record_makes_the_computed_summary_failed()
    {
        var (ledger, _) = await NewLedgerAsync();
        await ledger.WriteManifestAsync(Ingested());
        await ledger.WriteMarkerAsync(Quality0());
        await ledger.WriteFailureAsync(Failure(Stages.Transformation, 1, "poison message", 70));

        var summary = await ledger.GetOrComputeSummaryAsync(RunId, null);

        Assert.NotNull(summary);
        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.Equal([new RunFailure(Stages.Transformation, 1, "poison message")], summary.Failures);
        Assert.Equal(70.0, summary.DurationSeconds);
        Assert.Equal($"s3://{ledger.Bucket}/reports/{RunId}/index.html", summary.Outputs.Report);
    }

    [Fact]
    public async Task Once_a_summary_is_written_it_is_returned_instead_of_a_computed_one()
    {
        var (ledger, _) = await NewLedgerAsync();
        await ledger.WriteManifestAsync(Ingested());
        await ledger.WriteMarkerAsync(Quality0());

        // Deliberately unlike what the ledger would compute (still running): the written summary must win.
        var written = SummaryBuilder.Build(Ingested(), AllQualityMarkers(), [], ledger.Bucket, "http://reports.example.org", RequestedAt.AddHours(1), RunChecked());
        await ledger.WriteSummaryAsync(written);

        var summary = await ledger.GetOrComputeSummaryAsync(RunId, ReportBase);

        Assert.NotNull(summary);
        Assert.Equal(RunSummaryJson.Serialize(written), RunSummaryJson.Serialize(summary));
        Assert.Equal(RunStatus.Succeeded, summary.Status);
    }

    [Fact]
    public async Task An_unknown_run_has_no_summary()
    {
        var (ledger, _) = await NewLedgerAsync();
        await ledger.WriteManifestAsync(Ingested());

        Assert.Null(await ledger.GetOrComputeSummaryAsync("no-such-run", ReportBase));
        Assert.Null(await ledger.ComputeSummaryAsync("no-such-run", ReportBase));
    }

    [Fact]
    public async Task Every_run_with_a_manifest_is_listed()
    {
        var (ledger, _) = await NewLedgerAsync();
        Assert.Empty(await RunIdsAsync(ledger));

        await ledger.WriteManifestAsync(Ingesting("run-a"));
        await ledger.WriteManifestAsync(Ingested(runId: "run-b"));
        await ledger.WriteMarkerAsync(QualityMarker("run-b", 0));
        await ledger.WriteManifestAsync(Ingested(runId: "run.c_2"));
        await ledger.WriteSummaryAsync(SummaryBuilder.Build(Ingested(runId: "run.c_2"), [], [], ledger.Bucket, null, RequestedAt));

        Assert.Equal(["run-a", "run-b", "run.c_2"], await RunIdsAsync(ledger));
    }

    [Fact]
    public async Task Progress_counts_partitions_done_per_stage_and_whether_the_run_is_finalized()
    {
        var (ledger, _) = await NewLedgerAsync();
        await ledger.WriteManifestAsync(Ingesting());

        var ingesting = await ledger.GetProgressAsync(RunId);

        Assert.Equal(0, ingesting.PartitionsDone[Stages.Ingestion]);
        Assert.Null(ingesting.Partitions);
        Assert.False(ingesting.Finalized);

        await ledger.WriteManifestAsync(Ingested(partitions: 3));
        foreach (var partition in new[] { 0, 1, 2 })
        {
            await ledger.WriteMarkerAsync(Marker(RunId, Stages.Transformation, partition));
        }

        await ledger.WriteMarkerAsync(Quality0());
        await ledger.WriteMarkerAsync(Quality2());
        var failure = Failure(Stages.Quality, 1, "rule crashed");
        await ledger.WriteFailureAsync(failure);

        var checking = await ledger.GetProgressAsync(RunId);

        Assert.Equal(
            new Dictionary<string, int> { [Stages.Ingestion] = 1, [Stages.Transformation] = 3, [Stages.Quality] = 2, [Stages.Reporting] = 0 },
            checking.PartitionsDone);
        Assert.Equal(3, checking.Partitions);
        Assert.Equal(RunManifest.Ingested, checking.Manifest?.Status);
        Assert.Equal([failure], checking.Failures);
        Assert.False(checking.Finalized);

        var computed = await ledger.ComputeSummaryAsync(RunId, null);
        Assert.NotNull(computed);
        await ledger.WriteSummaryAsync(computed);

        var finalized = await ledger.GetProgressAsync(RunId);

        Assert.Equal(1, finalized.PartitionsDone[Stages.Reporting]);
        Assert.True(finalized.Finalized);
    }

    [Fact]
    public async Task Progress_of_an_unknown_run_is_empty()
    {
        var (ledger, _) = await NewLedgerAsync();

        var progress = await ledger.GetProgressAsync("no-such-run");

        Assert.Null(progress.Manifest);
        Assert.Null(progress.Partitions);
        Assert.All(progress.PartitionsDone.Values, done => Assert.Equal(0, done));
        Assert.Equal(Stages.All.Order(StringComparer.Ordinal), progress.PartitionsDone.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(progress.Failures);
        Assert.False(progress.Finalized);
    }
}
