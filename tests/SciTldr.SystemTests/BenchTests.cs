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
        // 5 % of the lines carry a defect: the run must count each one as the generator reports it.
        var bench = (await ChildRun.CliAsync(state, ["bench", "--papers", "3000", "--partition-size", "250", "--scale", "transformation=2", "--defect-rate", "0.05", "--json"]))!;
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

        // The partitions were shared out: every one was transformed (by one of the two instances) and checked.
        Assert.Equal(2, root.GetProperty("instances").GetProperty("transformation").GetInt32());
        Assert.Equal(1, root.GetProperty("instances").GetProperty("quality").GetInt32());
        var transformed = root.GetProperty("partitionsByInstance").GetProperty("transformation").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var checkedPartitions = root.GetProperty("partitionsByInstance").GetProperty("quality").EnumerateArray().Select(e => e.GetInt32()).Single();
        Assert.Equal(2, transformed.Count);
        Assert.InRange(checkedPartitions, 11, 12);   // about 2,850 accepted papers in partitions of 250
        Assert.True(transformed.Sum() == checkedPartitions, $"transformed partitions by instance (from the markers' workers): {string.Join(" + ", transformed)}, checked {checkedPartitions}");

        // Every injected defect was counted: none missing, none extra.
        Assert.True(root.GetProperty("defectsInjected").EnumerateObject().Sum(d => d.Value.GetInt64()) > 100);
        Assert.Empty(root.GetProperty("defectMismatches").EnumerateArray());

        // The input is generated once and reused by the next bench of the same size and seed.
        Assert.True(File.Exists(Path.Combine(state, "bench", "scitldr-3000-seed1-defects0.05.jsonl")));
        Assert.True(File.Exists(Path.Combine(state, "bench", "scitldr-3000-seed1-defects0.05.jsonl.report.json")));
    }
}
