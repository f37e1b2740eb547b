using SciTldr.Contracts;
using SciTldr.Ingestion.Runs;
using SciTldr.Messaging;

namespace SciTldr.Ingestion.Tests.Requests;

public sealed class RunRequestTests
{
    private const string Bucket = "scitldr-lake";
    private static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Defaults_are_applied_and_the_trigger_is_a_request()
    {
        var request = RunRequest.From(new StartRun("r1", "s3://scitldr-lake/landing/dev.jsonl", null, 0, At), Bucket, 1000);

        Assert.Equal((1000, RunTriggers.Request, false, null), (request.PartitionSize, request.Trigger, request.Reprocess, request.Split));
        Assert.Equal("landing/dev.jsonl", request.Source!.KeyOrPrefix);
    }

    [Fact]
    public void A_backfill_needs_no_source_and_is_a_backfill_whatever_the_trigger_said()
    {
        var request = RunRequest.From(new StartRun("r2", "", "dev", 0, At, RunTriggers.Request, BackfillFrom: "r1"), Bucket, 1000);

        Assert.Equal(("r1", RunTriggers.Backfill, null), (request.BackfillFrom, request.Trigger, request.Source));
    }

    [Theory]
    [InlineData("../r", "s3://scitldr-lake/landing/x.jsonl", null, 0, null, null, "not a valid run id")]
    [InlineData("r1", "s3://scitldr-lake/landing/x.jsonl", null, -1, null, null, "partition size")]
    [InlineData("r1", "s3://scitldr-lake/landing/x.jsonl", null, 1_000_001, null, null, "partition size")]
    [InlineData("r1", "s3://scitldr-lake/landing/x.jsonl", "Train", 0, null, null, "not a valid split")]
    [InlineData("r1", "s3://scitldr-lake/landing/x.jsonl", null, 0, "cron", null, "unknown trigger")]
    [InlineData("r1", "s3://scitldr-lake/landing/x.jsonl", null, 0, null, "r0", "not both")]
    [InlineData("r1", "", null, 0, null, "r1", "itself")]
    [InlineData("r1", "", null, 0, null, "r/0", "not a valid run id")]
    [InlineData("r1", "s3://scitldr-lake/silver/x", null, 0, null, null, "landing")]
    public void Bad_requests_are_permanent_failures_naming_the_problem(string runId, string source, string? split, int size, string? trigger, string? from, string reason)
    {
        var error = Assert.Throws<PermanentMessageException>(() =>
            RunRequest.From(new StartRun(runId, source, split, size, At, trigger, BackfillFrom: from), Bucket, 1000));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
