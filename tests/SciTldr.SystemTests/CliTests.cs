using System.Net;
using System.Text.Json;
using SciTldr.Cli.Stack;
using SciTldr.Contracts;
using SciTldr.Domain.Runs;
using SciTldr.Testing;

namespace SciTldr.SystemTests;

/// <summary>The <c>scitldr</c> client as a user runs it: a separate process, against the running stack.</summary>
[Collection(StackCollection.Name)]
[Trait("Category", "System")]
public sealed class CliTests : IDisposable
{
    private readonly StackFixture _stack;
    private readonly string _state;

    public CliTests(StackFixture stack)
    {
        _stack = stack;
        _state = Directory.CreateTempSubdirectory("scitldr-state-").FullName;
        stack.Launcher.Describe().WriteTo(_state);
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public async Task Run_wait_json_prints_exactly_the_run_summary_on_stdout_and_exits_0()
    {
        var (exitCode, stdout, stderr) = await CliAsync("run", "--input", RepositoryPaths.DevSplit, "--partition-size", "100", "--wait", "--json");

        Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var summary = RunSummaryJson.Deserialize(stdout);
        Assert.Equal(RunStatus.Succeeded, summary.Status);
        Assert.Equal(619, summary.Papers);
        Assert.Equal(1453, summary.Tldrs);
        Assert.Equal(7, summary.Partitions);
        Assert.Equal("dev", summary.Split);
        Assert.True(summary.IsReconciled);
        Assert.Contains("transformation 7/7", stderr, StringComparison.Ordinal);

        var (statusCode, statusOut, _) = await CliAsync("status", summary.RunId, "--json");
        Assert.Equal(0, statusCode);
        Assert.Equal(stdout.Trim(), statusOut.Trim());

        var (runsCode, runsOut, _) = await CliAsync("runs", "--json");
        Assert.Equal(0, runsCode);
        Assert.Contains(JsonDocument.Parse(runsOut).RootElement.EnumerateArray(), r => r.GetProperty("runId").GetString() == summary.RunId);
    }

    [Fact]
    public async Task A_poison_message_is_listed_in_the_dlq_with_its_reason_and_redriven_once_the_cause_is_fixed()
    {
        var key = $"landing/dlq-{Guid.NewGuid():N}/dev.jsonl";
        var source = $"s3://{_stack.Client.Stack.Bucket}/{key}";
        var (runCode, runOut, _) = await CliAsync("run", "--input", source, "--wait", "--json", "--timeout", "60");
        Assert.Equal(1, runCode);
        var failed = RunSummaryJson.Deserialize(runOut);
        Assert.Equal(RunStatus.Failed, failed.Status);

        var (listCode, listOut, _) = await CliAsync("dlq", "list", "--queue", "ingestion", "--json");
        Assert.Equal(0, listCode);
        var letter = JsonDocument.Parse(listOut).RootElement.EnumerateArray().Single(l => l.GetProperty("runId").GetString() == failed.RunId);
        Assert.Equal("StartRun", letter.GetProperty("messageType").GetString());
        Assert.Contains("does not exist", letter.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Fix the cause, then redrive just this run's message: the run is reopened and succeeds.
        await _stack.Client.Lake.PutBytesAsync(key, System.Text.Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(RepositoryPaths.DevSplit).Take(5)) + "\n"));
        var (redriveCode, redriveOut, _) = await CliAsync("dlq", "redrive", "--queue", "ingestion", "--run", failed.RunId, "--json");
        Assert.Equal(0, redriveCode);
        Assert.Equal(1, JsonDocument.Parse(redriveOut).RootElement.GetProperty("redriven").GetProperty("ingestion").GetInt32());
        var summary = await _stack.WaitForSummaryAsync(failed.RunId, TimeSpan.FromMinutes(2));
        Assert.Equal((RunStatus.Succeeded, 5L), (summary.Status, summary.Papers));
        Assert.Empty(summary.Failures);

        var (_, afterOut, _) = await CliAsync("dlq", "list", "--queue", "ingestion", "--json");
        Assert.DoesNotContain(JsonDocument.Parse(afterOut).RootElement.EnumerateArray(), l => l.GetProperty("runId").GetString() == failed.RunId);

        var (unconfirmed, _, unconfirmedErr) = await CliAsync("dlq", "purge", "--queue", "transformation");
        Assert.Equal(2, unconfirmed);
        Assert.Contains("--yes", unconfirmedErr, StringComparison.Ordinal);
        var (purgeCode, purgeOut, _) = await CliAsync("dlq", "purge", "--queue", "transformation", "--yes", "--json");
        Assert.Equal(0, purgeCode);
        Assert.True(JsonDocument.Parse(purgeOut).RootElement.GetProperty("purged").TryGetProperty("transformation", out _));
    }

    [Theory]
    [InlineData("dlq", "list", "--queue", "nowhere")]
    [InlineData("run")]
    [InlineData("run", "--input", "/no/such/file.jsonl")]
    [InlineData("run", "--input", "x.jsonl", "--partition-size", "0")]
    [InlineData("run", "--input", "x.jsonl", "--split", "Bad Split")]
    [InlineData("status", "../etc")]
    [InlineData("no-such-command")]
    public async Task Bad_arguments_exit_2_with_a_message(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await CliAsync(arguments);

        Assert.Equal(2, exitCode);
        Assert.Empty(stdout.Trim());
        Assert.False(string.IsNullOrWhiteSpace(stderr));
    }

    [Fact]
    public async Task Every_service_reports_live_and_ready()
    {
        using var http = new HttpClient();
        foreach (var (service, url) in _stack.Launcher.ServiceUrls)
        {
            Assert.True((await http.GetAsync($"{url}/health/live")).StatusCode == HttpStatusCode.OK, $"{service} not live");
            Assert.True((await http.GetAsync($"{url}/health/ready")).StatusCode == HttpStatusCode.OK, $"{service} not ready");
        }

        Assert.Equal(StackDefaults.Services.Count, _stack.Launcher.ServiceUrls.Count);
    }

    private async Task<ChildRun> CliAsync(params string[] arguments) =>
        (await ChildRun.CliAsync(_state, arguments, timeout: TimeSpan.FromMinutes(3)))!;
}
