using System.Net.Sockets;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using DotNet.Testcontainers.Networks;
using SciTldr.Cli.Commands;
using SciTldr.Cli.Stack;
using SciTldr.Contracts;
using SciTldr.Domain.Runs;
using SciTldr.Testing;

namespace SciTldr.ContainerTests;

/// <summary>
/// The whole stack in containers on a user-defined network of its own: the emulator (with persistence
/// on a folder of this machine) and the four service images, as docker-compose.yml runs them. The test
/// reaches the emulator by its address on that network, so no port is published; no container reaches
/// beyond the machine (the engine runs without NAT). Without an engine, or without the images, every
/// test reports itself skipped with the reason.
/// </summary>
public sealed class ContainerStack : IAsyncLifetime
{
    public const string EmulatorImage = "scitldr/fauxqs:local";

    private const int ServicePort = 8080;
    private const int EmulatorPort = 4566;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    private readonly List<IContainer> _containers = [];
    private INetwork? _network;
    private IContainer? _emulator;
    private string? _stateDirectory;

    /// <summary>Null when the stack is up; else why the tests are skipped.</summary>
    public string? Unavailable { get; private set; }

    public StackClient Client { get; private set; } = null!;

    /// <summary>Running containers of each service, oldest first.</summary>
    public Dictionary<string, List<IContainer>> Services { get; } = Stages.All.ToDictionary(stage => stage, _ => new List<IContainer>());

    public static string ImageOf(string stage) => $"scitldr/{stage}:local";

    public async Task InitializeAsync()
    {
        // The engine this project provisions is Debian's 20.10 (API 1.41); Ryuk's image cannot be pulled here,
        // and DisposeAsync removes everything itself.
        Environment.SetEnvironmentVariable("DOCKER_API_VERSION", Environment.GetEnvironmentVariable("DOCKER_API_VERSION") ?? "1.41");
        Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        // The engine, and so these tests, run on Linux only.
        if (!OperatingSystem.IsLinux())
        {
            Unavailable = "the container tests need a Linux Docker engine on this machine";
            return;
        }

        Unavailable = await WhyUnavailableAsync();
        if (Unavailable is not null)
        {
            return;
        }

        _network = new NetworkBuilder().WithName($"scitldr-test-{Guid.NewGuid():N}"[..24]).Build();
        await _network.CreateAsync();

        _stateDirectory = Directory.CreateTempSubdirectory("scitldr-emulator-").FullName;
        // The emulator runs as an unprivileged user: its state folder must be writable for it.
        File.SetUnixFileMode(_stateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        _emulator = new ContainerBuilder(EmulatorImage)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithNetwork(_network)
            .WithNetworkAliases("fauxqs")
            .WithBindMount(_stateDirectory, "/data")
            .WithEnvironment("FAUXQS_DATA_DIR", "/data")
            .WithEnvironment("FAUXQS_S3_STORAGE_DIR", "/data/s3")
            .WithWaitStrategy(Wait.ForUnixContainer().AddCustomWaitStrategy(new Answers(EmulatorPort, "/health")))
            .Build();
        await _emulator.StartAsync();
        _containers.Add(_emulator);
        Client = NewClient();

        foreach (var stage in Stages.All)
        {
            await StartServiceAsync(stage);
        }
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        foreach (var container in Enumerable.Reverse(_containers))
        {
            await container.DisposeAsync();
        }

        if (_network is not null)
        {
            await _network.DeleteAsync();
        }
    }

    /// <summary>Starts one more container of a service and waits until it is ready.</summary>
    public async Task<IContainer> StartServiceAsync(string stage)
    {
        var container = new ContainerBuilder(ImageOf(stage))
            .WithImagePullPolicy(PullPolicy.Never)
            .WithNetwork(_network)
            .WithNetworkAliases(stage)
            .WithEnvironment(new Dictionary<string, string>
            {
                ["AWS_ENDPOINT_URL"] = $"http://fauxqs:{EmulatorPort}",
                ["AWS_REGION"] = StackDefaults.Region,
                ["AWS_ACCESS_KEY_ID"] = StackDefaults.LocalAccessKey,
                ["AWS_SECRET_ACCESS_KEY"] = StackDefaults.LocalSecretKey,
                ["Lake__Bucket"] = StackDefaults.Bucket,
                ["Lake__CreateBucketIfMissing"] = "true",
                ["Messaging__QueuePrefix"] = StackDefaults.QueuePrefix,
                ["Messaging__CreateQueues"] = "true",
                // Work held by a killed container comes back within seconds.
                ["Messaging__VisibilityTimeoutSeconds"] = "4",
                ["Messaging__WaitTimeSeconds"] = "1",
                ["Reporting__PublicUrl"] = $"http://reporting:{ServicePort}",
            })
            .WithWaitStrategy(Wait.ForUnixContainer().AddCustomWaitStrategy(new Answers(ServicePort, "/health/ready")))
            .Build();
        await container.StartAsync();
        _containers.Add(container);
        Services[stage].Add(container);
        return container;
    }

    /// <summary><c>docker kill</c>: SIGKILL, no chance to finish or release anything.</summary>
    public async Task KillAsync(IContainer container)
    {
        await DockerAsync("kill", container.Id);
        foreach (var running in Services.Values)
        {
            running.Remove(container);
        }
    }

    /// <summary>Stops the emulator (gracefully, as an outage or a restart would), keeps it down, and starts it again on its persisted state.</summary>
    public async Task RestartEmulatorAsync(TimeSpan down)
    {
        await _emulator!.StopAsync();
        await Task.Delay(down);
        await _emulator.StartAsync();
        // Its address on the network may have changed.
        Client.Dispose();
        Client = NewClient();
    }

    public async Task<RunSummary> WaitForSummaryAsync(string runId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await Client.Ledger.GetSummaryAsync(runId) is { } summary)
                {
                    return summary;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or Amazon.Runtime.AmazonServiceException or TaskCanceledException)
            {
                // The emulator is restarting; ask again.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"run {runId} did not finish within {timeout}{Environment.NewLine}{await LogsAsync()}");
        return null!;
    }

    /// <summary>The last lines of every container, for failure messages.</summary>
    public async Task<string> LogsAsync()
    {
        var lines = new List<string>();
        foreach (var container in _containers)
        {
            var (stdout, stderr) = await container.GetLogsAsync();
            lines.Add($"---- {container.Image.FullName} {container.Name}");
            lines.AddRange((stdout + stderr).Split('\n').TakeLast(15));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private StackClient NewClient() =>
        new(StackFile.OfContainers($"http://{_emulator!.IpAddress}:{EmulatorPort}", stage => $"http://{stage}:{ServicePort}"));

    private static async Task<string?> WhyUnavailableAsync()
    {
        var socket = Environment.GetEnvironmentVariable("DOCKER_HOST") is { } host && host.StartsWith("unix://", StringComparison.Ordinal)
            ? host["unix://".Length..]
            : "/var/run/docker.sock";
        if (!File.Exists(socket))
        {
            return $"no Docker engine ({socket} does not exist): tools/test.sh starts one on a machine where it can (see the README, 'Running with docker compose')";
        }

        try
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        }
        catch (SocketException exception)
        {
            return $"no Docker engine answers on {socket} ({exception.Message})";
        }

        foreach (var image in Stages.All.Select(ImageOf).Append(EmulatorImage))
        {
            if (await DockerAsync("image", "inspect", "--format", "{{.Id}}", image) is null)
            {
                return $"the image {image} is missing: build the images with docker/local-images.sh (offline) or docker compose build";
            }
        }

        return null;
    }

    /// <summary>Runs the docker CLI; the output, or null when it failed.</summary>
    private static async Task<string?> DockerAsync(params string[] arguments) =>
        await ChildRun.RunAsync("docker", arguments) is { ExitCode: 0 } run ? run.Stdout : null;

    /// <summary>Ready when GET path on the container's own address answers 2xx.</summary>
    private sealed class Answers(int port, string path) : IWaitUntil
    {
        public async Task<bool> UntilAsync(IContainer container)
        {
            try
            {
                using var response = await Http.GetAsync($"http://{container.IpAddress}:{port}{path}");
                return response.IsSuccessStatusCode;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ContainerCollection : ICollectionFixture<ContainerStack>
{
    public const string Name = "containers";
}
