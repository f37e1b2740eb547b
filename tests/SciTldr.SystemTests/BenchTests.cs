using System.Text.Json;
using SciTldr.Testing;

namespace SciTldr.SystemTests;

/// <summary>
/// <c>scitldr bench --json</c> end to end, on a small input: a fresh stack of its own, the run, and every
/// figure of the interface present and sensible. Speed is not asserted here (docs/performance.md has it).
/// </summary>
// In the stack's collection only to run alone: its own stack would otherwise share the 2 cores with the others' tests.
[Collection(StackCollection.Name)]
[Trait("Category", "System")]
public sealed class BenchTests
{
    [Fact]
    public async Task Bench_reports_stage_throughput_peak_memory_and_the_distribution_overhead_of_a_reconciled_run()
    {
        var state = Directory.CreateTempSubdirectory("scitldr-bench-").FullName;
        var bench = (await ChildRun.CliAsync(state, ["bench", "--papers", "3000", "--partition-size", "500", "--json"]))!;
        Assert.True(bench.ExitCode == 0, $"bench exited {bench.ExitCode}: {bench.Stderr}");

        using var result = JsonDocument.Parse(bench.Stdout);
        var root = result.RootElement;
        Assert.Equal(3000, root.GetProperty("papers").GetInt32());
        Assert.Equal(("succeeded", true), (root.GetProperty("status").GetString(), root.GetProperty("reconciled").GetBoolean()));
        Assert.True(root.GetProperty("endToEndSeconds").GetDouble() > 0);
        Assert.True(root.GetProperty("inProcessSeconds").GetDouble() > 0);
        Assert.Equal(
            Math.Round(root.GetProperty("endToEndSeconds").GetDouble() / root.GetProperty("inProcessSeconds").GetDouble(), 2),
            root.GetProperty("distributionOverhead").GetDouble(),
            2);
        foreach (var stage in new[] { "ingestion", "transformation", "quality", "reporting" })
        {
            Assert.True(root.GetProperty("stages").GetProperty(stage).GetProperty("papersPerSecond").GetDouble() > 0, $"{stage} papers/s");
            Assert.True(root.GetProperty("peakRssMb").GetProperty(stage).GetInt64() > 0, $"{stage} peak RSS");
        }

        // The input is generated once and reused by the next bench of the same size and seed.
        Assert.True(File.Exists(Path.Combine(state, "bench", "scitldr-3000-seed1.jsonl")));
    }
}
