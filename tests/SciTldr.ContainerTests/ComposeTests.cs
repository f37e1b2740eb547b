using SciTldr.Domain.Runs;
using SciTldr.Testing;

namespace SciTldr.ContainerTests;

/// <summary>
/// docker-compose.yml as a developer runs it: the stack from the locally built images, the pipeline on the
/// bundled dev split through the README's one-liner (the CLI pointed at the stack with SCITLDR_STACK=compose),
/// the dashboard on its published port, and transformation scaled to three containers.
/// </summary>
[Collection(ContainerCollection.Name)]
[Trait("Category", "Containers")]
public sealed class ComposeTests
{
    private readonly ContainerStack _stack;

    public ComposeTests(ContainerStack stack)
    {
        _stack = stack;
    }

    [SkippableFact]
    public async Task The_compose_stack_runs_the_pipeline_serves_the_dashboard_and_scales_transformation()
    {
        Skip.If(_stack.Unavailable is not null, _stack.Unavailable);
        var imagesFile = Path.Combine(RepositoryPaths.Root, "docker", "local-images.env");
        Skip.IfNot(File.Exists(imagesFile) || Environment.GetEnvironmentVariable("SCITLDR_COMPOSE_PULL") == "true",
            "docker/local-images.env is missing: run docker/local-images.sh (offline images) first");
        Skip.If(await ChildRun.RunAsync("docker-compose", ["version"]) is not { ExitCode: 0 }, "docker-compose is not installed");

        var project = $"scitldr-compose-{Guid.NewGuid():N}"[..24];
        var environment = File.ReadAllLines(imagesFile)
            .Where(line => line.Contains('=', StringComparison.Ordinal) && !line.StartsWith('#'))
            .ToDictionary(line => line[..line.IndexOf('=', StringComparison.Ordinal)], line => line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        environment["EMULATOR_PORT"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["DASHBOARD_PORT"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["JAEGER_UI_PORT"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["SCITLDR_STACK"] = "compose";
        string[] compose = ["-p", project, "-f", Path.Combine(RepositoryPaths.Root, "docker-compose.yml")];
        try
        {
            // No telemetry backend: Jaeger has no local build (see docker-compose.yml), and nothing may be pulled.
            Assert.NotNull(await ComposeAsync([.. compose, "up", "-d", "--no-deps", "fauxqs", "ingestion", "transformation", "quality", "reporting"], environment));
            var dashboard = $"http://localhost:{environment["DASHBOARD_PORT"]}";
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await Waits.UntilAsync(() => AnswersAsync(http, $"{dashboard}/health/ready"), "the reporting container", poll: TimeSpan.FromMilliseconds(500));

            // The README's one-liner (the scitldr script builds, then runs this same CLI).
            var run = await ChildRun.CliAsync(Directory.CreateTempSubdirectory("scitldr-compose-cli-").FullName, ["run", "--input", RepositoryPaths.DevSplit, "--wait", "--json", "--timeout", "300"], environment);
            Assert.NotNull(run);
            Assert.True(run.ExitCode == 0, $"the one-liner failed: {run.Stderr}");
            var summary = RunSummaryJson.Deserialize(run.Stdout.Trim().Split('\n')[^1]);
            Assert.Equal((RunStatus.Succeeded, 619L, 1453L), (summary.Status, summary.Papers, summary.Tldrs));
            Assert.True(summary.IsReconciled);
            Assert.Equal($"{dashboard}/?run={summary.RunId}", summary.Outputs.Report);

            var page = await http.GetAsync(summary.Outputs.Report);
            Assert.True(page.IsSuccessStatusCode);
            Assert.Contains("SciTLDR Analytics Hub", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True((await http.GetAsync($"{dashboard}/api/runs/{summary.RunId}/aggregates")).IsSuccessStatusCode);

            Assert.NotNull(await ComposeAsync([.. compose, "up", "-d", "--no-deps", "--scale", "transformation=3", "transformation"], environment));
            var running = await ComposeAsync([.. compose, "ps", "-q", "transformation"], environment);
            Assert.Equal(3, running!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            await ComposeAsync([.. compose, "down", "-v", "--timeout", "5"], environment);
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient http, string url)
    {
        try
        {
            return (await http.GetAsync(url)).IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Runs docker-compose; its standard output, or null (with its errors in the test log) when it failed.</summary>
    private static async Task<string?> ComposeAsync(string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var run = await ChildRun.RunAsync("docker-compose", arguments, environment);
        if (run is not { ExitCode: 0 })
        {
            Console.Error.WriteLine($"docker-compose {string.Join(' ', arguments)} exited {run?.ExitCode}: {run?.Stderr}");
            return null;
        }

        return run.Stdout;
    }
}
