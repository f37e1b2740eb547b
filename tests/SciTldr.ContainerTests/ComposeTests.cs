using System.Diagnostics;
using System.Reflection;
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
    private static readonly string Configuration = typeof(ComposeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

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
        Skip.If(await RunAsync("docker-compose", ["version"]) is null, "docker-compose is not installed");

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
            Assert.NotNull(await RunAsync("docker-compose", [.. compose, "up", "-d", "--no-deps", "fauxqs", "ingestion", "transformation", "quality", "reporting"], environment));
            var dashboard = $"http://localhost:{environment["DASHBOARD_PORT"]}";
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await WaitForAsync(async () => (await http.GetAsync($"{dashboard}/health/ready")).IsSuccessStatusCode, "the reporting container");

            // The README's one-liner (the scitldr script builds, then runs this same CLI).
            var cli = Path.Combine(RepositoryPaths.Root, "tools", "SciTldr.Cli", "bin", Configuration, "net10.0", "scitldr.dll");
            var output = await RunAsync("dotnet", [cli, "run", "--input", RepositoryPaths.DevSplit, "--wait", "--json", "--timeout", "300"], environment);
            Assert.NotNull(output);
            var summary = RunSummaryJson.Deserialize(output.Trim().Split('\n')[^1]);
            Assert.Equal((RunStatus.Succeeded, 619L, 1453L), (summary.Status, summary.Papers, summary.Tldrs));
            Assert.True(summary.IsReconciled);
            Assert.Equal($"{dashboard}/?run={summary.RunId}", summary.Outputs.Report);

            var page = await http.GetAsync(summary.Outputs.Report);
            Assert.True(page.IsSuccessStatusCode);
            Assert.Contains("SciTLDR Analytics Hub", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True((await http.GetAsync($"{dashboard}/api/runs/{summary.RunId}/aggregates")).IsSuccessStatusCode);

            Assert.NotNull(await RunAsync("docker-compose", [.. compose, "up", "-d", "--no-deps", "--scale", "transformation=3", "transformation"], environment));
            var running = await RunAsync("docker-compose", [.. compose, "ps", "-q", "transformation"], environment);
            Assert.Equal(3, running!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            await RunAsync("docker-compose", [.. compose, "down", "-v", "--timeout", "5"], environment);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(500);
        }
    }

    /// <summary>Runs a command; its standard output, or null (with its output in the test log) when it failed.</summary>
    private static async Task<string?> RunAsync(string command, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine($"{command} {string.Join(' ', arguments)} exited {process.ExitCode}: {await errors}");
                return null;
            }

            return await output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
