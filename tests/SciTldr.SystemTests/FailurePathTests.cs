using System.Text;
using Amazon.SQS.Model;
using SciTldr.Cli.Commands;
using SciTldr.Contracts;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Runs;
using SciTldr.Testing;

namespace SciTldr.SystemTests;

/// <summary>Bad input and bad messages through the real services: clear reasons, nothing silently dropped.</summary>
[Collection(StackCollection.Name)]
[Trait("Category", "System")]
public sealed class FailurePathTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    private readonly StackFixture _stack;

    public FailurePathTests(StackFixture stack)
    {
        _stack = stack;
    }

    [Fact]
    public async Task Bad_lines_are_quarantined_with_their_reason_and_every_count_reconciles()
    {
        var good = File.ReadLines(RepositoryPaths.DevSplit).Take(5).ToList();
        var lines = new List<byte[]>();
        void Add(string line) => lines.Add(Encoding.UTF8.GetBytes(line));
        good.ForEach(Add);
        Add("");                                                                   // blank
        Add("{\"paper_id\": \"w1\", \"source\": \"a string\", \"target\": [\"t\"]}");  // wrong_type
        Add("not json");                                                           // malformed_json
        Add("[1, 2]");                                                             // not_an_object
        lines.Add([0xFF, 0xFE, (byte)'x']);                                        // invalid_utf8
        Add("{\"source\": [\"s\"], \"target\": [\"t\"]}");                         // missing_field
        Add(good[0]);                                                              // duplicate_paper_id
        Add("   ");                                                                // blank
        Add("{\"paper_id\": \"e1\", \"source\": [\"  \"], \"target\": [\"\"]}");      // quality: abstract_nonempty
        Add("{\"paper_id\": \"r1\", \"source\": [\"a b\"], \"target\": [\"t\"], \"rouge_scores\": [1.5]}"); // quality: rouge_range
        var path = Path.Combine(Directory.CreateTempSubdirectory("bad-input-").FullName, "edge.jsonl");
        await File.WriteAllBytesAsync(path, lines.SelectMany(l => l.Append((byte)'\n')).ToArray());

        var run = await RunCommands.StartAsync(_stack.Client, path, "edge", 2, CancellationToken.None);
        var summary = await _stack.WaitForSummaryAsync(run.RunId, RunTimeout);

        Assert.Equal(RunStatus.Succeeded, summary.Status);
        Assert.Equal(new RunInputCounts(15, 7, 6, 2), summary.Input);
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["abstract_nonempty"] = 1, ["duplicate_paper_id"] = 1, ["invalid_utf8"] = 1, ["malformed_json"] = 1,
                ["missing_field"] = 1, ["not_an_object"] = 1, ["rouge_range"] = 1, ["wrong_type"] = 1,
            },
            summary.Quarantine);
        Assert.False(summary.Quality.Passed);
        Assert.Equal(2, summary.Quality.Quarantined);
        Assert.True(summary.IsReconciled);
        Assert.Equal(4, summary.Partitions);

        // The quarantined lines themselves are in the lake, each with its line number and reason.
        var ingestionQuarantine = await _stack.ReadJsonlGzAsync(LakeLayout.QuarantineKey(run.RunId, Stages.Ingestion, 0));
        Assert.Equal(6, ingestionQuarantine.Count);
        Assert.Contains(ingestionQuarantine, l => l.Contains("\"line\":10", StringComparison.Ordinal) && l.Contains("\"reason\":\"invalid_utf8\"", StringComparison.Ordinal) && l.Contains("\"rawBase64\"", StringComparison.Ordinal));
        Assert.Contains(ingestionQuarantine, l => l.Contains("\"reason\":\"duplicate_paper_id\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_source_object_fails_the_run_with_the_reason()
    {
        var missing = $"s3://{_stack.Client.Stack.Bucket}/landing/nowhere/dev.jsonl";
        var run = await RunCommands.StartAsync(_stack.Client, missing, null, 100, CancellationToken.None);
        var summary = await _stack.WaitForSummaryAsync(run.RunId, RunTimeout);

        Assert.Equal(RunStatus.Failed, summary.Status);
        var failure = Assert.Single(summary.Failures);
        Assert.Equal(Stages.Ingestion, failure.Stage);
        Assert.Null(failure.Partition);
        Assert.Contains("does not exist", failure.Reason, StringComparison.Ordinal);
        Assert.True(summary.IsReconciled);
    }

    [Fact]
    public async Task Message_with_a_traversal_key_is_rejected_recorded_and_dead_lettered_without_touching_the_lake()
    {
        var runId = $"evil-{Guid.NewGuid():N}"[..20];
        var evil = new TransformPartition(runId, 0, "dev", $"bronze/run_id={runId}/split=dev/../../../runs/other/summary.json", 1);

        await _stack.Client.Publisher.SendAsync(QueueNames.Transformation, evil);

        FailureRecord? failure = null;
        var deadline = DateTime.UtcNow + RunTimeout;
        while (failure is null && DateTime.UtcNow < deadline)
        {
            failure = (await _stack.Client.Ledger.GetFailuresAsync(runId)).SingleOrDefault();
            await Task.Delay(100);
        }

        Assert.NotNull(failure);
        Assert.Equal(Stages.Transformation, failure.Stage);
        Assert.Equal(0, failure.Partition);
        Assert.Contains("rejected key", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(1, failure.Attempts);
        Assert.Equal(0, await _stack.Client.Ledger.CountMarkersAsync(runId, Stages.Transformation));

        var dlq = (await _stack.Client.Sqs.GetQueueUrlAsync(QueueNames.DeadLetter(_stack.Client.Stack.QueuePrefix + QueueNames.Transformation))).QueueUrl;
        var dead = new List<Message>();
        for (var i = 0; i < 20 && !dead.Any(m => m.Body.Contains(runId, StringComparison.Ordinal)); i++)
        {
            var received = await _stack.Client.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlq, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, MessageAttributeNames = ["All"] });
            dead.AddRange(received.Messages ?? []);
        }

        var ours = Assert.Single(dead, m => m.Body.Contains(runId, StringComparison.Ordinal));
        Assert.Contains("rejected key", ours.MessageAttributes[MessageHeaders.FailureReason].StringValue, StringComparison.Ordinal);
    }
}
