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
        // Two transformation processes on the same queue, as `docker compose --scale` or an ECS desired count gives.
        var bench = (await ChildRun.CliAsync(state, ["bench", "--papers", "3000", "--partition-size", "250", "--scale", "transformation=2", "--json"]))!;
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

        // The partitions were shared out: every one of the 12 was transformed (by one of the two instances) and checked.
        Assert.Equal(2, root.GetProperty("instances").GetProperty("transformation").GetInt32());
        Assert.Equal(1, root.GetProperty("instances").GetProperty("quality").GetInt32());
        var transformed = root.GetProperty("partitionsByInstance").GetProperty("transformation").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(2, transformed.Count);
        Assert.True(transformed.Sum() == 12, $"transformed partitions by instance (from the markers' workers): {string.Join(" + ", transformed)}");
        Assert.Equal([12], root.GetProperty("partitionsByInstance").GetProperty("quality").EnumerateArray().Select(e => e.GetInt32()));

        // The input is generated once and reused by the next bench of the same size and seed.
        Assert.True(File.Exists(Path.Combine(state, "bench", "scitldr-3000-seed1.jsonl")));
    }
}
