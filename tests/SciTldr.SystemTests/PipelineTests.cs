using System.Diagnostics;
using Amazon.SQS.Model;
using SciTldr.Cli.Commands;
using SciTldr.Cli.Stack;
using SciTldr.Contracts;
using SciTldr.Domain.Runs;
using SciTldr.Messaging;
using SciTldr.Testing;
using Xunit.Abstractions;

namespace SciTldr.SystemTests;

/// <summary>The four real service processes over the real SQS and S3 APIs, on the real SciTLDR-A dev split.</summary>
[Collection(StackCollection.Name)]
[Trait("Category", "System")]
public sealed class PipelineTests
{
    private const int SigStop = 19;
    private const int SigCont = 18;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);
    private readonly StackFixture _stack;
    private readonly ITestOutputHelper _output;

    public PipelineTests(StackFixture stack, ITestOutputHelper output)
    {
        _stack = stack;
        _output = output;
    }

    [Fact]
    public async Task Dev_split_in_partitions_of_100_yields_the_reference_figures()
    {
        var run = await RunCommands.StartAsync(_stack.Client, RepositoryPaths.DevSplit, null, 100, CancellationToken.None);
        var summary = await _stack.WaitForSummaryAsync(run.RunId, RunTimeout);

        AssertDevSummary(summary);
        Assert.Equal("dev", summary.Split);
        Assert.Equal(159.03, summary.Stats.AbstractWordsMean);
        Assert.Equal(18.96, summary.Stats.AuthorTldrWordsMean);
        Assert.Equal(24.36, summary.Stats.PeerReviewTldrWordsMean);
        Assert.Equal(8.38, summary.Stats.CompressionMean);
        Assert.Equal(19, summary.Quality.Rules["source_alignment"].Failed);
        Assert.True(summary.Quality.Passed);
        Assert.True(summary.IsReconciled);
    }

    [Fact]
    public async Task Run_survives_the_transformation_process_being_killed_mid_run_with_identical_outputs()
    {
        var undisturbed = await RunCommands.StartAsync(_stack.Client, RepositoryPaths.DevSplit, null, 100, CancellationToken.None);
        AssertDevSummary(await _stack.WaitForSummaryAsync(undisturbed.RunId, RunTimeout));

        // Freeze transformation so the run's partitions pile up in its queue and it holds some in flight,
        // then let it work until it has finished part of the run, freeze it again and SIGKILL it.
        var transformation = _stack.Launcher.Services[Stages.Transformation];
        Assert.True(ChildProcess.Signal(transformation.Pid, SigStop));
        var disturbed = await RunCommands.StartAsync(_stack.Client, RepositoryPaths.DevSplit, null, 100, CancellationToken.None);
        await StackFixture.WaitUntilAsync(async () => (await _stack.Client.Ledger.GetProgressAsync(disturbed.RunId)).Partitions == 7, "ingestion to cut all 7 partitions", TimeSpan.FromSeconds(60));

        Assert.True(ChildProcess.Signal(transformation.Pid, SigCont));
        var watch = Stopwatch.StartNew();
        int doneAtKill;
        while ((doneAtKill = await _stack.Client.Ledger.CountMarkersAsync(disturbed.RunId, Stages.Transformation)) == 0 && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            // Poll as fast as S3 answers: the kill must land while partitions remain.
        }

        ChildProcess.Signal(transformation.Pid, SigStop);
        doneAtKill = await _stack.Client.Ledger.CountMarkersAsync(disturbed.RunId, Stages.Transformation);
        var inFlight = await InFlightAsync(QueueNames.Transformation);
        await _stack.Launcher.KillServiceAsync(Stages.Transformation);
        _output.WriteLine($"SIGKILL landed with {doneAtKill}/7 partitions transformed and {inFlight} messages in flight");
        Assert.True(doneAtKill < 7 || inFlight > 0, $"the kill landed after transformation had finished the run ({doneAtKill}/7 done, {inFlight} in flight)");

        await _stack.Launcher.RestartServiceAsync(Stages.Transformation, CancellationToken.None);
        var summary = await _stack.WaitForSummaryAsync(disturbed.RunId, RunTimeout);

        AssertDevSummary(summary);
        var expected = await _stack.DataObjectsAsync(undisturbed.RunId);
        var actual = await _stack.DataObjectsAsync(disturbed.RunId);
        Assert.Equal(7 * 3, expected.Count);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[key]), $"{key} differs between the undisturbed and the disturbed run");
        }
    }

    private static void AssertDevSummary(RunSummary summary)
    {
        Assert.Equal(RunStatus.Succeeded, summary.Status);
        Assert.Equal(7, summary.Partitions);
        Assert.Equal(619, summary.Papers);
        Assert.Equal(1453, summary.Tldrs);
        Assert.Equal(new RunInputCounts(619, 619, 0, 0), summary.Input);
    }

    private async Task<int> InFlightAsync(string logicalQueue)
    {
        var url = await SqsUrlAsync(logicalQueue);
        var attributes = await _stack.Client.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["ApproximateNumberOfMessagesNotVisible"] });
        return attributes.ApproximateNumberOfMessagesNotVisible;
    }

    private async Task<string> SqsUrlAsync(string logicalQueue) =>
        (await _stack.Client.Sqs.GetQueueUrlAsync(_stack.Client.Stack.QueuePrefix + logicalQueue)).QueueUrl;
}
