using System.Net;
using System.Net.Sockets;

namespace SciTldr.Cli.Stack;

/// <summary>How to start a local stack: the emulator and the four services as separate processes.</summary>
public sealed record StackSettings
{
    public required string Root { get; init; }

    /// <summary>Port of the emulator; 0 takes any free port. Ignored when <see cref="ExistingEmulator"/> is set.</summary>
    public int EmulatorPort { get; init; } = StackDefaults.EmulatorPort;

    /// <summary>Use an emulator that is already running instead of starting one.</summary>
    public string? ExistingEmulator { get; init; }

    /// <summary>Port of the first service (the others follow); 0 takes any free ports.</summary>
    public int FirstServicePort { get; init; } = StackDefaults.FirstServicePort;

    public string Bucket { get; init; } = StackDefaults.Bucket;

    public string QueuePrefix { get; init; } = StackDefaults.QueuePrefix;

    public string Region { get; init; } = StackDefaults.Region;

    /// <summary>Build configuration whose service binaries are started.</summary>
    public string Configuration { get; init; } = "Release";

    /// <summary>Keep queues, messages and objects across restarts of the emulator, in this folder.</summary>
    public string? EmulatorDataDir { get; init; }

    /// <summary>Store S3 objects as files in this folder (bounded emulator memory for big inputs).</summary>
    public string? EmulatorS3Dir { get; init; }

    /// <summary>Detached: children write to log files here and outlive the launcher.</summary>
    public string? LogDirectory { get; init; }

    /// <summary>Receives each output line of a child (service name, line) when attached.</summary>
    public Action<string, string>? Sink { get; init; }

    /// <summary>Settings added to every service's environment (e.g. <c>Messaging__MaxReceiveCount</c>).</summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment { get; init; } = new Dictionary<string, string>();

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);
}

/// <summary>Starts, restarts and stops the processes of a local stack.</summary>
public sealed class StackLauncher : IAsyncDisposable
{
    private readonly StackSettings _settings;
    private readonly Dictionary<string, ChildProcess> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);
    private readonly List<Replica> _replicas = [];
    private ChildProcess? _emulator;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public StackLauncher(StackSettings settings)
    {
        _settings = settings;
    }

    public string AwsEndpoint { get; private set; } = "";

    public IReadOnlyDictionary<string, string> ServiceUrls => _services.Keys.ToDictionary(s => s, s => Url(s));

    public ChildProcess? Emulator => _emulator;

    public IReadOnlyDictionary<string, ChildProcess> Services => _services;

    /// <summary>Extra instances started by <see cref="StartReplicaAsync"/>, beside the first of each service.</summary>
    public IReadOnlyList<Replica> Replicas => _replicas;

    /// <summary>Starts everything and waits until every service reports ready; throws with the cause otherwise.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        CheckBinaries();
        AssignPorts();
        await StartEmulatorAsync(cancellationToken);
        foreach (var service in StackDefaults.Services)
        {
            StartService(service);
        }

        await Task.WhenAll(StackDefaults.Services.Select(s => WaitReadyAsync(s, cancellationToken)));
    }

    /// <summary>
    /// Starts one more instance of <paramref name="service"/> on a free port, consuming the same queue (as
    /// <c>docker compose --scale</c> or an ECS service's desired count would), and waits until it is ready.
    /// It is not in the stack file; it stops with the stack.
    /// </summary>
    public async Task<Replica> StartReplicaAsync(string service, CancellationToken cancellationToken)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var name = $"{service}-{_replicas.Count(r => r.Service == service) + 2}";
        var replica = new Replica(service, url, Spawn(service, name, url, null));
        _replicas.Add(replica);
        await WaitReadyAsync($"the {name} service", replica.Process, url, cancellationToken);
        return replica;
    }

    /// <summary>Kills a service with SIGKILL, as a crash would.</summary>
    public Task KillServiceAsync(string service) => _services[service].KillAsync();

    /// <summary>
    /// Starts a (killed or stopped) service again on its port and waits until it is ready; a running one is
    /// stopped first. <paramref name="extraEnvironment"/> is added to its configuration for this start only.
    /// </summary>
    public async Task RestartServiceAsync(string service, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        if (!_services[service].HasExited)
        {
            await _services[service].StopAsync(TimeSpan.FromSeconds(30));
        }

        _services[service].Dispose();
        StartService(service, extraEnvironment);
        await WaitReadyAsync(service, cancellationToken);
    }

    public StackFile Describe() => new()
    {
        AwsEndpoint = AwsEndpoint,
        Region = _settings.Region,
        Bucket = _settings.Bucket,
        QueuePrefix = _settings.QueuePrefix,
        Emulator = new ProcessEntry(_emulator?.Pid ?? 0),
        Services = _services.ToDictionary(s => s.Key, s => new ServiceEntry(Url(s.Key), s.Value.Pid)),
        Dashboard = Url(Contracts.Stages.Reporting) + "/",
    };

    /// <summary>Stops services first (they drain), then the emulator.</summary>
    public async Task StopAsync()
    {
        await Task.WhenAll(_services.Values.Concat(_replicas.Select(r => r.Process)).Select(s => s.StopAsync(TimeSpan.FromSeconds(40))));
        if (_emulator is not null)
        {
            await _emulator.StopAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_settings.LogDirectory is null)
        {
            await StopAsync();
        }

        foreach (var child in _services.Values.Concat(_replicas.Select(r => r.Process)))
        {
            child.Dispose();
        }

        _emulator?.Dispose();
    }

    /// <summary>A task that completes when any child exits (used by <c>up</c> in the foreground).</summary>
    public Task<ChildProcess> AnyExitAsync(CancellationToken cancellationToken)
    {
        var children = _services.Values.Concat(_emulator is null ? [] : [_emulator]).ToList();
        return Task.WhenAny(children.Select(async c =>
        {
            await c.WaitForExitAsync(cancellationToken);
            return c;
        })).Unwrap();
    }

    private string Url(string service) => $"http://127.0.0.1:{_ports[service]}";

    private void CheckBinaries()
    {
        foreach (var service in StackDefaults.Services)
        {
            if (!File.Exists(ServiceDll(service)))
            {
                throw new StackException($"{ServiceDll(service)} is missing: build the services first (./scitldr builds them)");
            }
        }
    }

    private string ServiceDll(string service)
    {
        var project = StackDefaults.ProjectName(service);
        return Path.Combine(_settings.Root, "services", project, "bin", _settings.Configuration, "net10.0", project + ".dll");
    }

    private void AssignPorts()
    {
        for (var i = 0; i < StackDefaults.Services.Count; i++)
        {
            var service = StackDefaults.Services[i];
            _ports[service] = _settings.FirstServicePort == 0 ? FreePort() : EnsureFree(_settings.FirstServicePort + i, service);
        }
    }

    private async Task StartEmulatorAsync(CancellationToken cancellationToken)
    {
        if (_settings.ExistingEmulator is not null)
        {
            AwsEndpoint = _settings.ExistingEmulator.TrimEnd('/');
            return;
        }

        var port = _settings.EmulatorPort == 0 ? FreePort() : EnsureFree(_settings.EmulatorPort, "the SQS/S3 emulator");
        await EmulatorInstall.EnsureAsync(_settings.Root, cancellationToken);
        var tools = Path.Combine(_settings.Root, "tools");
        var environment = new Dictionary<string, string>
        {
            ["FAUXQS_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FAUXQS_BIND"] = "127.0.0.1",
            ["SCITLDR_BUCKET"] = _settings.Bucket,
        };
        if (_settings.EmulatorDataDir is not null)
        {
            Directory.CreateDirectory(_settings.EmulatorDataDir);
            environment["FAUXQS_DATA_DIR"] = _settings.EmulatorDataDir;
        }

        if (_settings.EmulatorS3Dir is not null)
        {
            Directory.CreateDirectory(_settings.EmulatorS3Dir);
            environment["FAUXQS_S3_STORAGE_DIR"] = _settings.EmulatorS3Dir;
        }

        _emulator = ChildProcess.Start(
            "emulator",
            Path.Combine(tools, "node_modules", "node", "bin", "node"),
            ["--no-warnings=ExperimentalWarning", Path.Combine(tools, "emulator", "start.mjs")],
            environment,
            tools,
            _settings.Sink,
            LogFile("emulator"));
        AwsEndpoint = $"http://127.0.0.1:{port}";
        await WaitUntilAsync(
            "the SQS/S3 emulator",
            _emulator,
            async token => (await Http.GetAsync(AwsEndpoint, token)).StatusCode != 0,
            cancellationToken);
    }

    private void StartService(string service, IReadOnlyDictionary<string, string>? extraEnvironment = null) =>
        _services[service] = Spawn(service, service, Url(service), extraEnvironment);

    private ChildProcess Spawn(string service, string name, string url, IReadOnlyDictionary<string, string>? extraEnvironment)
    {
        var environment = new Dictionary<string, string>(StackDefaults.AwsEnvironment(AwsEndpoint, _settings.Region))
        {
            ["ASPNETCORE_URLS"] = url,
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Lake__Bucket"] = _settings.Bucket,
            ["Lake__CreateBucketIfMissing"] = "true",
            ["Messaging__QueuePrefix"] = _settings.QueuePrefix,
            ["Messaging__CreateQueues"] = "true",
            ["Reporting__PublicUrl"] = Url(Contracts.Stages.Reporting),
            ["Logging__Console__FormatterName"] = _settings.LogDirectory is null ? "simple" : "json",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        foreach (var (key, value) in _settings.ServiceEnvironment.Concat(extraEnvironment ?? new Dictionary<string, string>()))
        {
            environment[key] = value;
        }

        return ChildProcess.Start(
            name,
            "dotnet",
            [ServiceDll(service)],
            environment,
            _settings.Root,
            _settings.Sink,
            LogFile(name));
    }

    private Task WaitReadyAsync(string service, CancellationToken cancellationToken) =>
        WaitReadyAsync($"the {service} service", _services[service], Url(service), cancellationToken);

    private Task WaitReadyAsync(string what, ChildProcess child, string url, CancellationToken cancellationToken) =>
        WaitUntilAsync(
            what,
            child,
            async token => (await Http.GetAsync($"{url}/health/ready", token)).IsSuccessStatusCode,
            cancellationToken);

    private async Task WaitUntilAsync(string what, ChildProcess child, Func<CancellationToken, Task<bool>> ready, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.StartTimeout);
        while (true)
        {
            if (child.HasExited)
            {
                throw new StackException($"{what} exited with code {child.ExitCode} while starting.{Environment.NewLine}{child.Tail}{LogHint(child.Name)}");
            }

            try
            {
                if (await ready(timeout.Token))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !timeout.IsCancellationRequested)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new StackException($"{what} was not ready within {_settings.StartTimeout.TotalSeconds:0} s.{Environment.NewLine}{child.Tail}{LogHint(child.Name)}");
            }

            try
            {
                await Task.Delay(200, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new StackException($"{what} was not ready within {_settings.StartTimeout.TotalSeconds:0} s.{Environment.NewLine}{child.Tail}{LogHint(child.Name)}");
            }
        }
    }

    private string LogHint(string name) => LogFile(name) is { } file ? $"{Environment.NewLine}(log: {file})" : "";

    private string? LogFile(string name)
    {
        if (_settings.LogDirectory is null)
        {
            return null;
        }

        Directory.CreateDirectory(_settings.LogDirectory);
        return Path.Combine(_settings.LogDirectory, name + ".log");
    }

    private static int EnsureFree(int port, string user)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return port;
        }
        catch (SocketException)
        {
            throw new StackException($"port {port} (for {user}) is already in use on 127.0.0.1: stop what holds it (is a stack already up? try ./scitldr down) or choose other ports with --emulator-port / --port");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One more instance of a service: its service, URL and process (named <c>transformation-2</c> and so on, as is its log).</summary>
public sealed record Replica(string Service, string Url, ChildProcess Process);

/// <summary>The stack could not start; the message says why and where to look.</summary>
public sealed class StackException : Exception
{
    public StackException(string message)
        : base(message)
    {
    }

    public StackException()
    {
    }

    public StackException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
