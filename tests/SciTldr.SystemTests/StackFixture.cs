using System.Collections.Concurrent;
using System.Reflection;
using SciTldr.Cli.Commands;
using SciTldr.Cli.Stack;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Testing;

namespace SciTldr.SystemTests;

/// <summary>
/// A whole local stack for the system tests: the real fauxqs emulator and the four real service
/// processes (the same binaries <c>./scitldr up</c> starts), on free loopback ports.
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    /// <summary>The folder the landing watcher of this stack watches.</summary>
    public const string WatchedPrefix = "landing/watched/";

    private readonly ConcurrentQueue<string> _log = new();

    public StackLauncher Launcher { get; private set; } = null!;

    public StackClient Client { get; private set; } = null!;

    /// <summary>Where every service of this stack writes its spans (<c>{service}.jsonl</c>).</summary>
    public string SpanDirectory { get; } = Directory.CreateTempSubdirectory("scitldr-spans-").FullName;

    /// <summary>Where the quality service of this stack posts its alerts.</summary>
    public WebhookRecorder Webhook { get; } = new();

    /// <summary>The last lines the services printed, for failure messages.</summary>
    public string RecentLog => string.Join(Environment.NewLine, _log.TakeLast(80));

    public async Task InitializeAsync()
    {
        var configuration = typeof(StackFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        Launcher = new StackLauncher(new StackSettings
        {
            Root = RepositoryPaths.Root,
            EmulatorPort = 0,
            FirstServicePort = 0,
            Configuration = configuration,
            Sink = (service, line) =>
            {
                _log.Enqueue($"{service}| {line}");
                while (_log.Count > 2000)
                {
                    _log.TryDequeue(out _);
                }
            },
            ServiceEnvironment = new Dictionary<string, string>
            {
                // Short visibility so work held by a killed process comes back within seconds.
                ["Messaging__VisibilityTimeoutSeconds"] = "4",
                ["Messaging__WaitTimeSeconds"] = "1",
                // The landing watcher on its own folder, so it starts runs only for the objects its test drops there.
                ["Ingestion__Watcher__Enabled"] = "true",
                ["Ingestion__Watcher__IntervalSeconds"] = "1",
                ["Ingestion__Watcher__Prefix"] = WatchedPrefix,
                // Quick http retries: the failure tests wait for them to run out.
                ["Ingestion__Http__MaxAttempts"] = "3",
                ["Ingestion__Http__FirstRetryDelay"] = "00:00:00.100",
                ["Ingestion__Http__ReadTimeout"] = "00:00:05",
                ["Quality__Alerts__WebhookUrl"] = Webhook.Url,
                ["Telemetry__SpanFile"] = Path.Combine(SpanDirectory, "{service}.jsonl"),
                ["Quality__Alerts__FirstRetryDelay"] = "00:00:00.100",
            },
        });
        await Launcher.StartAsync(CancellationToken.None);
        Client = new StackClient(Launcher.Describe());
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await Launcher.DisposeAsync();
        await Webhook.DisposeAsync();
    }

    /// <summary>Waits for the run's final summary (reporting wrote it); fails with the services' log on timeout.</summary>
    public async Task<RunSummary> WaitForSummaryAsync(string runId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await Client.Ledger.GetSummaryAsync(runId) is { } summary)
            {
                return summary;
            }

            await Task.Delay(100);
        }

        var progress = await Client.Ledger.GetProgressAsync(runId);
        Assert.Fail($"run {runId} did not finish within {timeout}: {string.Join(", ", progress.PartitionsDone.Select(p => $"{p.Key} {p.Value}"))}{Environment.NewLine}{RecentLog}");
        return null!;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after <paramref name="timeout"/> (default 2 min).</summary>
    public static Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) => Waits.UntilAsync(condition, what, timeout);

    /// <summary>The lines of a gzip JSONL object of the lake (quarantine parts, bronze).</summary>
    public async Task<List<string>> ReadJsonlGzAsync(string key)
    {
        await using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(await Client.Lake.GetBytesAsync(key)), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8);
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Every bronze and silver object of a run, by key relative to the run, with its bytes.</summary>
    public Task<SortedDictionary<string, byte[]>> DataObjectsAsync(string runId) => Client.Lake.DataObjectsAsync(runId);
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
