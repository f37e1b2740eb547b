using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.SQS.Model;
using SciTldr.Cli.Commands;
using SciTldr.Contracts;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Runs;
using SciTldr.Testing;
using SciTldr.Testing.Corpus;

namespace SciTldr.SystemTests;

/// <summary>
/// Ingestion through the real services: S3 objects and prefixes, http sources, the four triggers,
/// bookmarks, reprocessing and backfills.
/// </summary>
[Collection(StackCollection.Name)]
[Trait("Category", "System")]
public sealed class IngestionTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    private readonly StackFixture _stack;

    public IngestionTests(StackFixture stack)
    {
        _stack = stack;
    }

    private string Bucket => _stack.Client.Stack.Bucket;

    private string IngestionUrl => _stack.Client.Stack.Services[Stages.Ingestion].Url;

    [Fact]
    public async Task A_prefix_is_read_object_by_object_in_key_order_and_bookmarks_skip_what_was_ingested()
    {
        var prefix = $"landing/prefix-{Guid.NewGuid():N}/";
        var first = DevLines(0, 12);
        var second = DevLines(12, 9);
        await _stack.Client.Lake.PutBytesAsync(prefix + "a-dev.jsonl", Jsonl(first));
        // gzip, found by its content although the name says .jsonl
        await _stack.Client.Lake.PutBytesAsync(prefix + "b-dev.jsonl", Gzip(Jsonl(second)));

        var one = await RunAndWaitAsync($"s3://{Bucket}/{prefix}", partitionSize: 5);
        Assert.Equal(RunStatus.Succeeded, one.Status);
        Assert.Equal("dev", one.Split);
        Assert.Equal(new RunInputCounts(21, 21, 0, 0), one.Input);
        Assert.Equal(5, one.Partitions);
        Assert.Equal([SourceRecord.Ingested, SourceRecord.Ingested], one.Sources.Select(s => s.Outcome));
        Assert.Equal([$"s3://{Bucket}/{prefix}a-dev.jsonl", $"s3://{Bucket}/{prefix}b-dev.jsonl"], one.Sources.Select(s => s.Address));
        var manifest = (await _stack.Client.Ledger.GetManifestAsync(one.RunId))!;
        Assert.Equal(["none", "gzip"], manifest.Sources.Select(s => s.Compression));
        Assert.Equal(Sha256(Jsonl(first)), manifest.Sources[0].Sha256);
        Assert.Equal([5, 5, 5, 5, 1], manifest.PartitionList.Select(p => p.Records));
        Assert.Equal(RunTriggers.Request, manifest.Trigger);

        // The same objects again: skipped by their bookmarks, nothing read, an empty successful run.
        var again = await RunAndWaitAsync($"s3://{Bucket}/{prefix}", partitionSize: 5);
        Assert.Equal(RunStatus.Succeeded, again.Status);
        Assert.Equal(0, again.Papers);
        Assert.Equal(0, again.Partitions);
        Assert.All(again.Sources, s => Assert.Equal((SourceRecord.Skipped, one.RunId), (s.Outcome, s.Run)));

        // Reprocess reads them anyway, into the same bronze bytes.
        var reprocessed = await RunAndWaitAsync($"s3://{Bucket}/{prefix}", partitionSize: 5, reprocess: true);
        Assert.Equal(21, reprocessed.Papers);
        Assert.Equal(await BronzeAsync(one.RunId), await BronzeAsync(reprocessed.RunId));

        // A new version of one object (new ETag) is read; the other stays skipped.
        await _stack.Client.Lake.PutBytesAsync(prefix + "a-dev.jsonl", Jsonl(DevLines(30, 4)));
        var changed = await RunAndWaitAsync($"s3://{Bucket}/{prefix}", partitionSize: 5);
        Assert.Equal(4, changed.Papers);
        Assert.Equal([SourceRecord.Ingested, SourceRecord.Skipped], changed.Sources.Select(s => s.Outcome));
    }

    [Fact]
    public async Task An_http_source_is_streamed_resumed_after_a_dropped_connection_and_bookmarked_by_content()
    {
        await using var server = new LoopbackFileServer { ETag = null };
        var content = Jsonl(DevLines(0, 40));
        server.Serve("/scitldr/dev.jsonl", content);
        server.DropOnce.Add("/scitldr/dev.jsonl");

        var run = await RunAndWaitAsync(server.BaseUrl + "scitldr/dev.jsonl", partitionSize: 10);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(new RunInputCounts(40, 40, 0, 0), run.Input);
        var source = Assert.Single(run.Sources);
        Assert.Equal((SourceRecord.Ingested, Sha256(content)), (source.Outcome, source.Sha256));
        // The first response broke off half-way; without a validator to resume by, the reader fetched it again.
        Assert.Equal(2, server.Requests);

        // Same bytes again: the content hash matches the bookmark, so the run takes back what it wrote.
        var again = await RunAndWaitAsync(server.BaseUrl + "scitldr/dev.jsonl", partitionSize: 10);
        Assert.Equal(RunStatus.Succeeded, again.Status);
        Assert.Equal((0, 0L), (again.Partitions, again.Papers));
        Assert.Equal((SourceRecord.Skipped, run.RunId), (again.Sources[0].Outcome, again.Sources[0].Run));
        Assert.Empty(await BronzeAsync(again.RunId));
    }

    [Fact]
    public async Task An_http_source_with_an_etag_is_resumed_by_range_and_skipped_by_its_etag()
    {
        await using var server = new LoopbackFileServer { ETag = "\"dev-v1\"" };
        var content = Jsonl(DevLines(100, 30));
        server.Serve("/dev.jsonl", content);
        server.DropOnce.Add("/dev.jsonl");

        var run = await RunAndWaitAsync(server.BaseUrl + "dev.jsonl", partitionSize: 10);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(new RunInputCounts(30, 30, 0, 0), run.Input);
        Assert.Equal(Sha256(content), run.Sources[0].Sha256);
        Assert.Equal($"bytes={content.Length / 2}-", Assert.Single(server.RangeRequests));

        var again = await RunAndWaitAsync(server.BaseUrl + "dev.jsonl", partitionSize: 10);
        Assert.Equal((SourceRecord.Skipped, run.RunId, 0L), (again.Sources[0].Outcome, again.Sources[0].Run, again.Papers));
    }

    [Theory]
    [InlineData(404, "404")]
    [InlineData(503, "attempts")]
    public async Task An_unreadable_http_source_fails_the_run_with_a_clear_reason(int status, string expected)
    {
        await using var server = new LoopbackFileServer();
        server.Failures["/gone.jsonl"] = status;

        var run = await RunAndWaitAsync(server.BaseUrl + "gone.jsonl", partitionSize: 10);

        Assert.Equal(RunStatus.Failed, run.Status);
        var failure = Assert.Single(run.Failures);
        Assert.Equal(Stages.Ingestion, failure.Stage);
        Assert.Contains(expected, failure.Reason, StringComparison.Ordinal);
        Assert.Contains(server.BaseUrl, failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_runs_starts_a_run_that_completes()
    {
        var key = $"landing/api-{Guid.NewGuid():N}/dev.jsonl";
        await _stack.Client.Lake.PutBytesAsync(key, Jsonl(DevLines(50, 7)));
        using var http = new HttpClient();

        using var response = await http.PostAsJsonAsync($"{IngestionUrl}/runs", new { source = $"s3://{Bucket}/{key}", partitionSize = 3 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var runId = body.GetProperty("runId").GetString()!;
        var summary = await _stack.WaitForSummaryAsync(runId, RunTimeout);
        Assert.Equal(RunStatus.Succeeded, summary.Status);
        Assert.Equal((7L, 3, "dev", RunTriggers.Request), (summary.Papers, summary.Partitions, summary.Split, summary.Trigger));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1]", "JSON object")]
    [InlineData("{}", "give 'source'")]
    [InlineData("{\"source\": \"ftp://example.org/dev.jsonl\"}", "neither an s3:// nor an http(s)://")]
    [InlineData("{\"source\": \"s3://another-bucket/landing/dev.jsonl\"}", "not the lake bucket")]
    [InlineData("{\"source\": \"s3://scitldr-lake/bronze/x.jsonl\"}", "landing")]
    [InlineData("{\"source\": \"s3://scitldr-lake/landing/../runs/x\"}", "relative path segment '..'")]
    [InlineData("{\"source\": \"s3://scitldr-lake/landing/dev.jsonl\", \"partitionSize\": 0.5}", "whole number")]
    [InlineData("{\"source\": \"s3://scitldr-lake/landing/dev.jsonl\", \"partitionSize\": -3}", "partition size")]
    [InlineData("{\"source\": \"s3://scitldr-lake/landing/dev.jsonl\", \"split\": \"Dev Set\"}", "not a valid split")]
    [InlineData("{\"source\": \"s3://scitldr-lake/landing/dev.jsonl\", \"colour\": 1}", "unknown field 'colour'")]
    [InlineData("{\"source\": \"s3://scitldr-lake/landing/dev.jsonl\", \"backfillFrom\": \"r1\"}", "not both")]
    [InlineData("{\"backfillFrom\": \"../etc\"}", "not a valid run id")]
    public async Task Post_runs_answers_400_with_the_reason_for_a_bad_body(string body, string reason)
    {
        using var http = new HttpClient();
        using var content = new StringContent(body.Replace("scitldr-lake", Bucket, StringComparison.Ordinal), Encoding.UTF8, "application/json");

        using var response = await http.PostAsync($"{IngestionUrl}/runs", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_landing_watcher_starts_one_run_per_new_object_version()
    {
        var key = $"{StackFixture.WatchedPrefix}{Guid.NewGuid():N}/train.jsonl";
        await _stack.Client.Lake.PutBytesAsync(key, Jsonl(DevLines(60, 6)));
        var etag = (await _stack.Client.Lake.HeadAsync(key))!.ETag;
        var runId = RunIds.ForObject("train", Bucket, key, etag);

        var summary = await _stack.WaitForSummaryAsync(runId, RunTimeout);

        Assert.Equal(RunStatus.Succeeded, summary.Status);
        Assert.Equal((6L, RunTriggers.Watcher, "train"), (summary.Papers, summary.Trigger, summary.Split));
        // Later passes see the bookmark: no second run for the same version.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, await RunsReadingAsync($"s3://{Bucket}/{key}"));
    }

    [Fact]
    public async Task An_s3_event_notification_on_the_ingestion_queue_starts_a_run()
    {
        var key = $"landing/events-{Guid.NewGuid():N}/dev copy+1.jsonl";
        await _stack.Client.Lake.PutBytesAsync(key, Jsonl(DevLines(70, 5)));
        var item = (await _stack.Client.Lake.HeadAsync(key))!;
        var ingestionQueue = _stack.Client.Stack.QueuePrefix + QueueNames.Ingestion;
        var queue = await QueueUrlAsync(ingestionQueue);
        var deadLetters = await QueueUrlAsync(QueueNames.DeadLetter(ingestionQueue));
        var deadBefore = await VisibleAsync(deadLetters);

        // S3's own format: URL-encoded key with '+' for a space, quoted ETag; and the test event S3 sends first.
        await SendRawAsync(queue, "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-11-24T10:00:00.000Z\",\"Bucket\":\"" + Bucket + "\",\"RequestId\":\"R\",\"HostId\":\"H\"}");
        await SendRawAsync(queue, S3Event(Bucket, key, item.ETag!, item.Size));

        var summary = await _stack.WaitForSummaryAsync(RunIds.ForObject("dev", Bucket, key, item.ETag), RunTimeout);
        Assert.Equal(RunStatus.Succeeded, summary.Status);
        Assert.Equal((5L, RunTriggers.S3Event), (summary.Papers, summary.Trigger));

        // An event for another bucket is refused: it goes to the DLQ, with nothing started.
        await SendRawAsync(queue, S3Event("someone-elses-bucket", "landing/x.jsonl", "abc", 10));
        await StackFixture.WaitUntilAsync(async () => await VisibleAsync(deadLetters) == deadBefore + 1, "the foreign event reached the dead-letter queue");
        Assert.Equal(1, await RunsReadingAsync($"s3://{Bucket}/{key}"));
    }

    [Fact]
    public async Task The_schedule_starts_runs_on_its_cron_expression()
    {
        var prefix = $"landing/scheduled-{Guid.NewGuid():N}/";
        await _stack.Client.Lake.PutBytesAsync(prefix + "part.jsonl", Jsonl(DevLines(80, 8)));
        try
        {
            await _stack.Launcher.RestartServiceAsync(Stages.Ingestion, CancellationToken.None, new Dictionary<string, string>
            {
                ["Ingestion__Schedule__Cron"] = "*/2 * * * * *",
                ["Ingestion__Schedule__Source"] = $"s3://{Bucket}/{prefix}",
                ["Ingestion__Schedule__Split"] = "sched",
            });

            // The first tick reads the object; the ticks after it find it bookmarked.
            string? ingestedBy = null;
            await StackFixture.WaitUntilAsync(
                async () =>
                {
                    await foreach (var runId in _stack.Client.Ledger.ListRunIdsAsync())
                    {
                        if (runId.EndsWith("-sched-schedule", StringComparison.Ordinal)
                            && await _stack.Client.Ledger.GetSummaryAsync(runId) is { Papers: 8 } summary)
                        {
                            ingestedBy = summary.RunId;
                            return true;
                        }
                    }

                    return false;
                },
                "a scheduled run ingested the object");
            var run = (await _stack.Client.Ledger.GetSummaryAsync(ingestedBy!))!;
            Assert.Equal((RunStatus.Succeeded, RunTriggers.Schedule), (run.Status, run.Trigger));
        }
        finally
        {
            await _stack.Launcher.RestartServiceAsync(Stages.Ingestion, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_backfill_reruns_from_bronze_without_reading_the_source_again()
    {
        var key = $"landing/backfill-{Guid.NewGuid():N}/dev.jsonl";
        await _stack.Client.Lake.PutBytesAsync(key, Jsonl([.. DevLines(90, 9), "not json", ""]));
        var original = await RunAndWaitAsync($"s3://{Bucket}/{key}", partitionSize: 4);
        await _stack.Client.Lake.DeleteAsync(key);

        var started = await RunCommands.StartAsync(_stack.Client, new RunCommands.RunRequest(null, null, 4, FromRun: original.RunId), CancellationToken.None);
        var backfill = await _stack.WaitForSummaryAsync(started.RunId, RunTimeout);

        Assert.Equal(RunStatus.Succeeded, backfill.Status);
        Assert.Equal(RunTriggers.Backfill, backfill.Trigger);
        Assert.Equal((original.Papers, original.Tldrs, original.Partitions), (backfill.Papers, backfill.Tldrs, backfill.Partitions));
        Assert.Equal(original.Input, backfill.Input);
        Assert.Equal(original.Quarantine, backfill.Quarantine);
        Assert.Equal(original.Stats, backfill.Stats);
        Assert.Equal((SourceRecord.Backfilled, original.RunId), (backfill.Sources[0].Outcome, backfill.Sources[0].Run));
        Assert.Equal(await _stack.DataObjectsAsync(original.RunId), await _stack.DataObjectsAsync(backfill.RunId));
    }

    [Fact]
    public async Task A_truncated_gzip_source_fails_the_run_with_the_reason()
    {
        var key = $"landing/corrupt-{Guid.NewGuid():N}/dev.jsonl.gz";
        var gzip = Gzip(Jsonl(DevLines(0, 50)));
        await _stack.Client.Lake.PutBytesAsync(key, gzip.AsMemory(0, gzip.Length * 2 / 3));

        var run = await RunAndWaitAsync($"s3://{Bucket}/{key}", partitionSize: 10);

        Assert.Equal(RunStatus.Failed, run.Status);
        var failure = Assert.Single(run.Failures);
        Assert.Equal(Stages.Ingestion, failure.Stage);
        Assert.Contains("gzip", failure.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_line_of_the_bad_input_corpus_gets_exactly_its_expected_outcome()
    {
        await _stack.Launcher.RestartServiceAsync(Stages.Ingestion, CancellationToken.None, new Dictionary<string, string>
        {
            ["Ingestion__MaxRecordBytes"] = BadInputCorpus.MaxRecordBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        try
        {
            var prefix = $"landing/corpus-{Guid.NewGuid():N}/";
            await _stack.Client.Lake.PutBytesAsync(prefix + "corpus.jsonl", BadInputCorpus.ToJsonl(bom: true, crlf: false, finalNewline: false));
            var copy = BadInputCorpus.Copy(1);
            await _stack.Client.Lake.PutBytesAsync(prefix + "corpus-crlf.jsonl.gz", Gzip(BadInputCorpus.ToJsonl(copy, bom: false, crlf: true, finalNewline: true)));

            var run = await RunAndWaitAsync($"s3://{Bucket}/{prefix}", partitionSize: 7);

            var expected = BadInputCorpus.ExpectedCounts.ToDictionary(c => c.Key, c => 2L * c.Value);
            var manifest = (await _stack.Client.Ledger.GetManifestAsync(run.RunId))!;
            var input = manifest.Input!;
            Assert.Equal(expected.Values.Sum(), input.Lines);
            Assert.Equal(expected[BadInputCorpus.Accepted], input.Accepted);
            Assert.Equal(expected[BadInputCorpus.Blank], input.Blank);
            Assert.Equal(
                expected.Where(e => e.Key is not BadInputCorpus.Accepted and not BadInputCorpus.Blank && e.Value > 0).OrderBy(e => e.Key, StringComparer.Ordinal),
                input.Quarantine.OrderBy(e => e.Key, StringComparer.Ordinal));
            Assert.True(run.IsReconciled);
            Assert.All(manifest.Sources, source => Assert.True(source.Input!.IsReconciled));

            // Nothing is lost: every quarantined line is kept, with its source and line number.
            var quarantined = new List<string>();
            foreach (var key in manifest.QuarantineKeys)
            {
                quarantined.AddRange(await _stack.ReadJsonlGzAsync(key));
            }

            Assert.Equal(input.Quarantined, quarantined.Count);
            Assert.All(quarantined, line => Assert.Contains($"\"source\":\"s3://{Bucket}/{prefix}", line, StringComparison.Ordinal));
        }
        finally
        {
            await _stack.Launcher.RestartServiceAsync(Stages.Ingestion, CancellationToken.None);
        }
    }

    private async Task<RunSummary> RunAndWaitAsync(string source, int partitionSize, bool reprocess = false)
    {
        var started = await RunCommands.StartAsync(_stack.Client, new RunCommands.RunRequest(source, null, partitionSize, reprocess), CancellationToken.None);
        return await _stack.WaitForSummaryAsync(started.RunId, RunTimeout);
    }

    private async Task<SortedDictionary<string, byte[]>> BronzeAsync(string runId)
    {
        var objects = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var key in _stack.Client.Lake.ListKeysAsync(LakeLayout.BronzeRunPrefix(runId)))
        {
            objects[LakeLayout.RelativeToRun(key)] = await _stack.Client.Lake.GetBytesAsync(key);
        }

        return objects;
    }

    /// <summary>How many runs' manifests list this source address.</summary>
    private async Task<int> RunsReadingAsync(string address)
    {
        var count = 0;
        await foreach (var runId in _stack.Client.Ledger.ListRunIdsAsync())
        {
            var manifest = await _stack.Client.Ledger.GetManifestAsync(runId);
            if (manifest is not null && (manifest.Source == address || manifest.Sources.Any(s => s.Address == address && s.Outcome == SourceRecord.Ingested)))
            {
                count++;
            }
        }

        return count;
    }

    private async Task<string> QueueUrlAsync(string physicalQueue) =>
        (await _stack.Client.Sqs.GetQueueUrlAsync(physicalQueue)).QueueUrl;

    private Task SendRawAsync(string queueUrl, string body) =>
        _stack.Client.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = body });

    private async Task<int> VisibleAsync(string queueUrl)
    {
        var attributes = await _stack.Client.Sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages"]);
        return attributes.ApproximateNumberOfMessages;
    }

    private static string S3Event(string bucket, string key, string etag, long size) =>
        JsonSerializer.Serialize(new
        {
            Records = new[]
            {
                new
                {
                    eventVersion = "2.1", eventSource = "aws:s3", awsRegion = "us-east-1", eventTime = "2026-11-24T10:00:00.000Z",
                    eventName = "ObjectCreated:Put",
                    s3 = new
                    {
                        s3SchemaVersion = "1.0", configurationId = "landing-to-ingestion",
                        bucket = new { name = bucket, arn = $"arn:aws:s3:::{bucket}" },
                        @object = new { key = WebUtility.UrlEncode(key), size, eTag = etag, sequencer = "0055AED6DCD90281E5" },
                    },
                },
            },
        });

    private static List<string> DevLines(int skip, int take) => File.ReadLines(RepositoryPaths.DevSplit).Skip(skip).Take(take).ToList();

    private static byte[] Jsonl(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
