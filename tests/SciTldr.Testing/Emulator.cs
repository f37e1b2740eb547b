using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Xunit;

namespace SciTldr.Testing;

/// <summary>
/// A real fauxqs process (tools/emulator/start.mjs) on 127.0.0.1, speaking the SQS and S3 APIs.
/// It can be stopped and started again on the same port (and, with a data folder, the same state)
/// to test recovery from an outage.
/// </summary>
public sealed partial class Emulator : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string AccessKey = "test";
    public const string SecretKey = "test";

    private readonly string? _dataDir;
    private Process? _process;

    private Emulator(string? dataDir)
    {
        _dataDir = dataDir;
    }

    public int Port { get; private set; }

    public Uri ServiceUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>The environment a child process needs to reach this emulator with the standard AWS variables.</summary>
    public IReadOnlyDictionary<string, string> AwsEnvironment => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL"] = ServiceUrl.ToString().TrimEnd('/'),
        ["AWS_REGION"] = Region,
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
    };

    /// <summary>Starts an emulator on a free port; with <paramref name="persistent"/>, state survives <see cref="RestartAsync"/>.</summary>
    public static async Task<Emulator> StartAsync(bool persistent = false, string? s3StorageDir = null)
    {
        var dataDir = persistent ? Directory.CreateTempSubdirectory("fauxqs-").FullName : null;
        var emulator = new Emulator(dataDir) { _s3StorageDir = s3StorageDir };
        await emulator.LaunchAsync(port: 0);
        return emulator;
    }

    private string? _s3StorageDir;

    public AmazonSQSClient CreateSqsClient() => new(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonSQSConfig { ServiceURL = ServiceUrl.ToString(), AuthenticationRegion = Region, MaxErrorRetry = 1 });

    public AmazonS3Client CreateS3Client() => new(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config { ServiceURL = ServiceUrl.ToString(), AuthenticationRegion = Region, ForcePathStyle = true, MaxErrorRetry = 1 });

    /// <summary>Kills the emulator process (as a crash would) and waits until the port is closed.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts the emulator again on the same port.</summary>
    public Task RestartAsync() => LaunchAsync(Port);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_dataDir is not null && Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private async Task LaunchAsync(int port)
    {
        await EnsureInstalledAsync();
        var start = new ProcessStartInfo(Path.Combine(RepositoryPaths.Tools, "node_modules", "node", "bin", "node"))
        {
            WorkingDirectory = RepositoryPaths.Tools,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--no-warnings=ExperimentalWarning");
        start.ArgumentList.Add(Path.Combine("emulator", "start.mjs"));
        start.Environment["FAUXQS_PORT"] = port.ToString();
        start.Environment["FAUXQS_BIND"] = "127.0.0.1";
        if (_dataDir is not null)
        {
            start.Environment["FAUXQS_DATA_DIR"] = _dataDir;
        }

        if (_s3StorageDir is not null)
        {
            start.Environment["FAUXQS_S3_STORAGE_DIR"] = _s3StorageDir;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the emulator");
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                await process.WaitForExitAsync(CancellationToken.None);
                lock (stderr)
                {
                    throw new InvalidOperationException($"the emulator exited with {process.ExitCode} before it was ready: {stderr}");
                }
            }

            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                Port = int.Parse(match.Groups[1].Value);
                break;
            }
        }

        // Keep draining stdout so the child never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        _process = process;
    }

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool _installed;

    /// <summary>Runs tools/install.sh once per test process (npm ci of node@22 + fauxqs).</summary>
    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (_installed)
            {
                return;
            }

            using var install = Process.Start(new ProcessStartInfo("bash", Path.Combine(RepositoryPaths.Tools, "install.sh"))
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("could not run tools/install.sh");
            var error = await install.StandardError.ReadToEndAsync();
            await install.WaitForExitAsync();
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException($"tools/install.sh failed: {error}");
            }

            _installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    [GeneratedRegex(@"^fauxqs listening on http://[^:]+:(\d+)$")]
    private static partial Regex ListeningLine();
}

/// <summary>One emulator shared by all tests of a collection; each test uses its own queue and bucket names.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public Emulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync() => Emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>A name unique to one test, valid as an SQS queue name and an S3 bucket name.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)].ToLowerInvariant();
}
