using System.Security.Cryptography;
using SciTldr.Cli.Commands;
using SciTldr.Domain.Runs;
using SciTldr.Testing;

namespace SciTldr.SystemTests;

/// <summary>Synthetic data: deterministic, and every injected defect counted exactly by the real pipeline.</summary>
[Collection(StackCollection.Name)]
[Trait("Category", "System")]
public sealed class GenerateTests
{
    private readonly StackFixture _stack;

    public GenerateTests(StackFixture stack)
    {
        _stack = stack;
    }

    [Fact]
    public async Task Generated_defects_are_counted_exactly_by_the_pipeline_and_the_same_seed_gives_the_same_bytes()
    {
        var folder = Directory.CreateTempSubdirectory("generate-").FullName;
        var data = Path.Combine(RepositoryPaths.Root, "data", "scitldr", "SciTLDR-A");
        var path = Path.Combine(folder, "synthetic.jsonl");
        var report = await GenerateCommand.GenerateAsync(data, 1500, 7, path, 0.2, CancellationToken.None);
        var again = await GenerateCommand.GenerateAsync(data, 1500, 7, Path.Combine(folder, "again.jsonl"), 0.2, CancellationToken.None);
        var other = await GenerateCommand.GenerateAsync(data, 1500, 8, Path.Combine(folder, "other.jsonl"), 0.2, CancellationToken.None);

        Assert.Equal(Hash(path), Hash(again.Out));
        Assert.NotEqual(Hash(path), Hash(other.Out));
        Assert.All(GenerateCommand.DefectKinds, kind => Assert.True(report.Defects[kind] > 0, $"no {kind} defect at rate 0.2"));

        var run = await RunCommands.StartAsync(_stack.Client, path, "synthetic", 250, CancellationToken.None);
        var summary = await _stack.WaitForSummaryAsync(run.RunId, TimeSpan.FromMinutes(3));

        Assert.Equal(RunStatus.Succeeded, summary.Status);
        var expected = report.ExpectedInput;
        Assert.Equal(new RunInputCounts(expected.Lines, expected.Accepted, expected.Quarantined, expected.Blank), summary.Input);
        Assert.All(GenerateCommand.QuarantinedKinds, kind => Assert.True(report.Defects[kind] == summary.Quarantine.GetValueOrDefault(kind), $"{kind}: generated {report.Defects[kind]}, quarantined {summary.Quarantine.GetValueOrDefault(kind)}"));
        Assert.True(summary.Quality.Rules["source_alignment"].Failed >= report.Defects["source_alignment"]);
        Assert.Empty(GenerateCommand.Mismatches(report, summary));

        // And the check itself finds a miscount: one duplicate fewer than injected.
        var miscounted = summary with { Quarantine = new Dictionary<string, long>(summary.Quarantine) { ["duplicate_paper_id"] = summary.Quarantine["duplicate_paper_id"] - 1 } };
        Assert.Contains(GenerateCommand.Mismatches(report, miscounted), m => m.StartsWith("duplicate_paper_id:", StringComparison.Ordinal));
        Assert.True(summary.IsReconciled);
    }

    private static string Hash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
