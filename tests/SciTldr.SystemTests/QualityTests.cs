using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SciTldr.Cli.Commands;
using SciTldr.Domain.Runs;
using SciTldr.Testing;

namespace SciTldr.SystemTests;

/// <summary>The quality stage through the real services: real-data rule figures, run-level rules, drift, alerts.</summary>
[Collection(StackCollection.Name)]
[Trait("Category", "System")]
public sealed class QualityTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);
    private readonly StackFixture _stack;

    public QualityTests(StackFixture stack)
    {
        _stack = stack;
    }

    [Theory]
    [InlineData("train", 63, 9)]
    [InlineData("dev", 19, 3)]
    public async Task The_rules_reproduce_the_real_data_figures(string split, long misaligned, long duplicateTitles)
    {
        var path = split == "train" ? RepositoryPaths.TrainSplit : RepositoryPaths.DevSplit;
        var run = await RunCommands.StartAsync(_stack.Client, path, null, 250, CancellationToken.None);
        var summary = await _stack.WaitForSummaryAsync(run.RunId, RunTimeout);

        Assert.Equal(RunStatus.Succeeded, summary.Status);
        var rules = summary.Quality.Rules;
        Assert.Equal(misaligned, rules["source_alignment"].Failed);
        Assert.Equal(duplicateTitles, rules["title_duplicate"].Failed);
        Assert.Equal(0, rules["single_oracle"].Failed);
        Assert.Equal(0, rules["paper_id_unique"].Failed);
        Assert.Equal(0, rules["tldr_nonempty"].Failed);
        Assert.Equal(0, rules["abstract_nonempty"].Failed);
        Assert.True(summary.Quality.Passed);
        Assert.Equal(("warning", "error"), (rules["title_duplicate"].Severity, rules["paper_id_unique"].Severity));
        Assert.True(rules.ContainsKey("tldr_length_outlier"));

        var report = (await _stack.Client.Ledger.GetRunQualityAsync(run.RunId))!;
        Assert.Equal(duplicateTitles, report.Flagged.Count(f => f.RuleId == "title_duplicate"));
    }

    [Fact]
    public async Task The_same_split_twice_raises_no_drift_alert_and_truncated_tldrs_do()
    {
        var split = $"drift-{Guid.NewGuid():N}"[..20];
        var lines = File.ReadLines(RepositoryPaths.DevSplit).ToList();
        var folder = Directory.CreateTempSubdirectory("drift-").FullName;
        var normal = Path.Combine(folder, "normal.jsonl");
        await File.WriteAllLinesAsync(normal, lines);
        var truncated = Path.Combine(folder, "truncated.jsonl");
        await File.WriteAllLinesAsync(truncated, lines.Select(TruncateTldrs));

        var first = await RunAsync(normal, split);
        var second = await RunAsync(normal, split);
        var third = await RunAsync(truncated, split);

        var secondReport = (await _stack.Client.Ledger.GetRunQualityAsync(second.RunId))!;
        Assert.Equal(first.RunId, secondReport.BaselineRunId);
        Assert.All(secondReport.Rules.Where(r => r.Kind == "drift"), r => Assert.True(r.Passed, r.Detail));
        var thirdReport = (await _stack.Client.Ledger.GetRunQualityAsync(third.RunId))!;
        var drift = thirdReport.Rules.Single(r => r.RuleId == "tldr_words_drift");
        Assert.False(drift.Passed);
        Assert.True(third.Quality.Passed);        // drift is a warning: it alerts, it does not fail the run

        // One alert per rule per run: its marker in the lake, and its message at the webhook.
        Assert.True(await _stack.Client.Lake.ExistsAsync(Lake.LakeLayout.QualityAlertKey(third.RunId, "tldr_words_drift")));
        Assert.False(await _stack.Client.Lake.ExistsAsync(Lake.LakeLayout.QualityAlertKey(second.RunId, "tldr_words_drift")));
        Assert.False(await _stack.Client.Lake.ExistsAsync(Lake.LakeLayout.QualityAlertKey(first.RunId, "tldr_words_drift")));
        await StackFixture.WaitUntilAsync(() => Task.FromResult(Alerts(third.RunId).Any(a => a.Contains("tldr_words_drift", StringComparison.Ordinal))), "the drift alert at the webhook", TimeSpan.FromSeconds(60));
        var alert = JsonNode.Parse(Alerts(third.RunId).First(a => a.Contains("tldr_words_drift", StringComparison.Ordinal)))!;
        Assert.False(string.IsNullOrEmpty(alert["text"]?.GetValue<string>()));
        Assert.NotNull(alert["blocks"]);
    }

    [Fact]
    public async Task An_error_rule_alerts_once_and_the_run_finishes_even_when_the_webhook_is_down()
    {
        var deadPort = LoopbackPort.Free();
        await _stack.Launcher.RestartServiceAsync(Contracts.Stages.Quality, CancellationToken.None, new Dictionary<string, string>
        {
            ["Quality__Alerts__WebhookUrl"] = $"http://127.0.0.1:{deadPort}/hooks/alerts",
            ["Quality__Alerts__MaxAttempts"] = "3",
        });
        try
        {
            var good = File.ReadLines(RepositoryPaths.DevSplit).Take(6).ToList();
            var misaligned = JsonNode.Parse(good[0])!.AsObject();
            misaligned["paper_id"] = "misaligned-1";
            misaligned["rouge_scores"] = new JsonArray(0.1);
            var outOfRange = JsonNode.Parse(good[1])!.AsObject();
            outOfRange["paper_id"] = "rouge-out-of-range-1";
            outOfRange["rouge_scores"] = new JsonArray([.. outOfRange["rouge_scores"]!.AsArray().Select(_ => (JsonNode?)JsonValue.Create(1.5))]);
            var path = Path.Combine(Directory.CreateTempSubdirectory("alerts-").FullName, "dev.jsonl");
            await File.WriteAllLinesAsync(path, [.. good.Skip(2), misaligned.ToJsonString(), outOfRange.ToJsonString()]);

            var run = await RunCommands.StartAsync(_stack.Client, path, $"alerts-{Guid.NewGuid():N}"[..20], 10, CancellationToken.None);
            var summary = await _stack.WaitForSummaryAsync(run.RunId, RunTimeout);

            Assert.Equal(RunStatus.Succeeded, summary.Status);
            Assert.False(summary.Quality.Passed);
            Assert.Equal(1, summary.Quality.Rules["rouge_range"].Failed);
            Assert.Equal(1, summary.Quarantine["rouge_range"]);
            Assert.True(summary.IsReconciled);
            Assert.True(await _stack.Client.Lake.ExistsAsync(Lake.LakeLayout.QualityAlertKey(run.RunId, "rouge_range")));
            Assert.False(await _stack.Client.Lake.ExistsAsync(Lake.LakeLayout.QualityAlertKey(run.RunId, "source_alignment")));

            // Row-level outcomes: both papers are listed with the rules they failed.
            var report = JsonNode.Parse(await _stack.Client.Lake.GetBytesAsync(Lake.LakeLayout.QualityReportKey(run.RunId, 0)))!;
            var flagged = report["flagged"]!.AsArray().ToDictionary(f => f!["paperId"]!.GetValue<string>(), f => f!["failedRules"]!.AsArray().Select(r => r!.GetValue<string>()).ToList());
            Assert.Contains("source_alignment", flagged["misaligned-1"]);
            Assert.Contains("rouge_range", flagged["rouge-out-of-range-1"]);
        }
        finally
        {
            await _stack.Launcher.RestartServiceAsync(Contracts.Stages.Quality, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_partition_whose_silver_file_has_the_wrong_schema_is_quarantined_whole_and_the_run_still_finishes()
    {
        // A run as ingestion and transformation would leave it, except that the papers file of its one
        // partition is a tldrs file (the wrong schema).
        var runId = $"schema-{Guid.NewGuid():N}"[..24];
        const string split = "schematest";
        var lines = File.ReadLines(RepositoryPaths.DevSplit).Take(3).ToList();
        var records = lines.Select(l => Domain.Records.RecordValidator.Validate(Encoding.UTF8.GetBytes(l)).Record!).ToList();
        var tldrs = records.SelectMany(r => Domain.Features.TldrFeatures.From(r, Domain.Features.PaperFeatures.From(r))).ToList();
        var lake = _stack.Client.Lake;
        await using (var bronze = new Lake.JsonlGzWriter())
        {
            lines.ForEach(l => bronze.WriteLine(Encoding.UTF8.GetBytes(l)));
            await bronze.CompleteAsync(lake, Lake.LakeLayout.BronzeKey(runId, split, 0), CancellationToken.None);
        }

        using var wrong = new MemoryStream();
        await Domain.Silver.SilverParquet.WriteTldrsAsync(wrong, tldrs);
        await lake.PutBytesAsync(Lake.LakeLayout.SilverPapersKey(runId, split, 0), wrong.ToArray());
        await lake.PutBytesAsync(Lake.LakeLayout.SilverTldrsKey(runId, split, 0), wrong.ToArray());
        await _stack.Client.Ledger.WriteManifestAsync(new Runs.RunManifest
        {
            RunId = runId, Source = $"s3://{_stack.Client.Stack.Bucket}/landing/schema.jsonl", Split = split, PartitionSize = 10,
            RequestedAt = DateTimeOffset.UtcNow, Status = Runs.RunManifest.Ingested, Partitions = 1,
            Input = new IngestionCounts(3, 3, 0, 0, new Dictionary<string, long>()), IngestedAt = DateTimeOffset.UtcNow,
        });

        await _stack.Client.Publisher.SendAsync(
            Messaging.QueueNames.Quality,
            new Contracts.CheckPartition(runId, 0, split, Lake.LakeLayout.SilverPapersKey(runId, split, 0), Lake.LakeLayout.SilverTldrsKey(runId, split, 0), 3, tldrs.Count),
            cancellationToken: CancellationToken.None);
        var summary = await _stack.WaitForSummaryAsync(runId, RunTimeout);

        Assert.Equal(RunStatus.Succeeded, summary.Status);
        Assert.False(summary.Quality.Passed);
        Assert.Equal(1, summary.Quality.Rules["papers_schema"].Failed);
        Assert.Equal(3, summary.Quarantine["papers_schema"]);
        Assert.True(summary.IsReconciled);
        Assert.True(await lake.ExistsAsync(Lake.LakeLayout.QualityAlertKey(runId, "papers_schema")));
    }

    private async Task<RunSummary> RunAsync(string path, string split)
    {
        var run = await RunCommands.StartAsync(_stack.Client, path, split, 200, CancellationToken.None);
        var summary = await _stack.WaitForSummaryAsync(run.RunId, RunTimeout);
        Assert.Equal(RunStatus.Succeeded, summary.Status);
        return summary;
    }

    private IEnumerable<string> Alerts(string runId) => _stack.Webhook.Bodies.Where(b => b.Contains(runId, StringComparison.Ordinal));

    private static string TruncateTldrs(string line)
    {
        var record = JsonNode.Parse(line)!.AsObject();
        var target = record["target"]!.AsArray();
        for (var i = 0; i < target.Count; i++)
        {
            var words = target[i]!.GetValue<string>().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            target[i] = string.Join(' ', words.Take(3));
        }

        return record.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
