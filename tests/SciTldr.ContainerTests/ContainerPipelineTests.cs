using SciTldr.Cli.Commands;
using SciTldr.Contracts;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Testing;

namespace SciTldr.ContainerTests;

/// <summary>
/// The service images on a real engine: the dev split through the four containers, transformation scaled
/// out, a container killed mid-run, and the emulator down for ten seconds mid-run. Each disturbed run's
/// bronze and silver objects must be byte-identical to an undisturbed run's.
/// </summary>
[Collection(ContainerCollection.Name)]
[Trait("Category", "Containers")]
public sealed class ContainerPipelineTests
{
    /// <summary>Small partitions, so a run has enough of them to be disturbed halfway through.</summary>
    private const int PartitionSize = 20;

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private static SortedDictionary<string, byte[]>? _undisturbed;

    private readonly ContainerStack _stack;

    public ContainerPipelineTests(ContainerStack stack)
    {
        _stack = stack;
    }

    [SkippableFact]
    public async Task The_dev_split_runs_through_the_four_containers_with_the_reference_figures()
    {
        Skip.If(_stack.Unavailable is not null, _stack.Unavailable);
        var summary = await RunDevAsync();

        Assert.Equal((619L, 1453L, 31), (summary.Papers, summary.Tldrs, summary.Partitions));
        Assert.True(summary.IsReconciled);
        Assert.True(summary.Quality.Passed);
        Assert.Equal(19, summary.Quality.Rules["source_alignment"].Failed);
        Assert.Equal(3, summary.Quality.Rules["title_duplicate"].Failed);
        Assert.Equal((159.03, 18.96, 24.36), (summary.Stats.AbstractWordsMean, summary.Stats.AuthorTldrWordsMean, summary.Stats.PeerReviewTldrWordsMean!.Value));
        Assert.Equal($"http://reporting:8080/?run={summary.RunId}", summary.Outputs.Report);
    }

    [SkippableFact]
    public async Task Three_transformation_containers_share_the_work_and_give_the_same_outputs()
    {
        Skip.If(_stack.Unavailable is not null, _stack.Unavailable);
        var extra = new[] { await _stack.StartServiceAsync(Stages.Transformation), await _stack.StartServiceAsync(Stages.Transformation) };
        try
        {
            Assert.Equal(3, _stack.Services[Stages.Transformation].Count);
            var summary = await RunDevAsync();

            Assert.Equal(RunStatus.Succeeded, summary.Status);
            Assert.Equal(31, await _stack.Client.Ledger.CountMarkersAsync(summary.RunId, Stages.Transformation));
            Assert.Equal(await UndisturbedAsync(), await _stack.Client.Lake.DataObjectsAsync(summary.RunId));
            // The work was shared: more than one container transformed partitions of this run.
            var workers = 0;
            foreach (var container in _stack.Services[Stages.Transformation])
            {
                var (stdout, _) = await container.GetLogsAsync();
                workers += stdout.Contains($"of run {summary.RunId}", StringComparison.Ordinal) ? 1 : 0;
            }

            Assert.True(workers >= 2, $"only {workers} of 3 transformation containers handled partitions");
        }
        finally
        {
            foreach (var container in extra)
            {
                await _stack.KillAsync(container);
            }
        }
    }

    [SkippableFact]
    public async Task A_transformation_container_killed_mid_run_is_replaced_and_the_outputs_are_identical()
    {
        Skip.If(_stack.Unavailable is not null, _stack.Unavailable);
        var expected = await UndisturbedAsync();
        var victim = _stack.Services[Stages.Transformation].Single();
        var run = await StartDevAsync();

        await Waits.UntilAsync(async () => await _stack.Client.Ledger.CountMarkersAsync(run.RunId, Stages.Transformation) >= 1, "the first transformed partition", RunTimeout, TimeSpan.FromMilliseconds(20));
        var doneBeforeKill = await _stack.Client.Ledger.CountMarkersAsync(run.RunId, Stages.Transformation);
        await _stack.KillAsync(victim);
        var killedAt = DateTimeOffset.UtcNow;
        Assert.True(doneBeforeKill < 31, $"the run had transformed all its partitions before the kill ({doneBeforeKill})");
        await _stack.StartServiceAsync(Stages.Transformation);

        var summary = await _stack.WaitForSummaryAsync(run.RunId, RunTimeout);
        Assert.Equal(RunStatus.Succeeded, summary.Status);
        Assert.True(summary.FinishedAt > killedAt, "the run finished before the kill");
        Assert.True(summary.IsReconciled);
        Assert.Equal(expected, await _stack.Client.Lake.DataObjectsAsync(run.RunId));
    }

    [SkippableFact]
    public async Task The_emulator_down_for_ten_seconds_mid_run_loses_nothing()
    {
        Skip.If(_stack.Unavailable is not null, _stack.Unavailable);
        var expected = await UndisturbedAsync();
        var run = await StartDevAsync();

        await Waits.UntilAsync(async () => await _stack.Client.Ledger.CountMarkersAsync(run.RunId, Stages.Transformation) >= 1, "the first transformed partition", RunTimeout, TimeSpan.FromMilliseconds(20));
        await _stack.RestartEmulatorAsync(TimeSpan.FromSeconds(10));
        var backAt = DateTimeOffset.UtcNow;

        var summary = await _stack.WaitForSummaryAsync(run.RunId, RunTimeout);
        Assert.Equal(RunStatus.Succeeded, summary.Status);
        Assert.True(summary.FinishedAt > backAt, "the run finished before the emulator went down");
        Assert.True(summary.IsReconciled);
        Assert.Equal((619L, 1453L), (summary.Papers, summary.Tldrs));
        Assert.Equal(expected, await _stack.Client.Lake.DataObjectsAsync(run.RunId));
    }

    private Task<RunCommands.StartedRun> StartDevAsync() =>
        RunCommands.StartAsync(_stack.Client, RepositoryPaths.DevSplit, "dev", PartitionSize, CancellationToken.None);

    private async Task<RunSummary> RunDevAsync()
    {
        var run = await StartDevAsync();
        var summary = await _stack.WaitForSummaryAsync(run.RunId, RunTimeout);
        Assert.Equal(RunStatus.Succeeded, summary.Status);
        return summary;
    }

    /// <summary>The bronze and silver objects of an undisturbed dev run (made once, by whichever test needs it first).</summary>
    private async Task<SortedDictionary<string, byte[]>> UndisturbedAsync()
    {
        if (_undisturbed is null)
        {
            var summary = await RunDevAsync();
            _undisturbed = await _stack.Client.Lake.DataObjectsAsync(summary.RunId);
            Assert.Equal(31 * 2 + 31, _undisturbed.Count);
        }

        return _undisturbed;
    }
}
