using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SciTldr.Lake;
using SciTldr.Quality.Alerts;
using SciTldr.Testing;

namespace SciTldr.Quality.Tests.Alerts;

/// <summary>
/// One quality task's alerting, as <see cref="QualityAlertsServiceCollectionExtensions.AddQualityAlerts"/> wires
/// it, against a bucket of the emulator and with fast retries; the webhook sender runs unless told otherwise.
/// </summary>
internal sealed class AlertHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IHostedService[] _hostedServices;
    private bool _stopped;

    private AlertHarness(ServiceProvider provider, S3Lake lake, LogCollector logs, IHostedService[] hostedServices)
    {
        _provider = provider;
        Lake = lake;
        Logs = logs;
        _hostedServices = hostedServices;
    }

    public S3Lake Lake { get; }

    public LogCollector Logs { get; }

    public IQualityAlerts Alerts => _provider.GetRequiredService<IQualityAlerts>();

    public AlertQueue Queue => _provider.GetRequiredService<AlertQueue>();

    public IMeterFactory MeterFactory => _provider.GetRequiredService<IMeterFactory>();

    public static S3Lake NewLake(Emulator emulator, string? bucket = null, bool createBucket = false) => new(
        emulator.CreateS3Client(),
        Options.Create(new LakeOptions
        {
            Bucket = bucket ?? EmulatorFixture.UniqueName("alerts"),
            CreateBucketIfMissing = createBucket,
            MaxRetryAttempts = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        }));

    public static async Task<S3Lake> NewLakeWithBucketAsync(Emulator emulator)
    {
        var lake = NewLake(emulator, createBucket: true);
        await lake.EnsureBucketAsync();
        return lake;
    }

    public static async Task<AlertHarness> StartAsync(
        Uri? webhook,
        S3Lake lake,
        IDictionary<string, string?>? settings = null,
        TimeProvider? clock = null,
        bool startSender = true)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Quality:Alerts:WebhookUrl"] = webhook?.ToString(),
            ["Quality:Alerts:MaxAttempts"] = "3",
            ["Quality:Alerts:FirstRetryDelay"] = "00:00:00.010",
            ["Quality:Alerts:MaxRetryDelay"] = "00:00:00.050",
            ["Quality:Alerts:AttemptTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var logs = new LogCollector();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(lake);
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddQualityAlerts(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        IHostedService[] hostedServices = startSender ? [.. provider.GetServices<IHostedService>()] : [];
        foreach (var service in hostedServices)
        {
            await service.StartAsync(CancellationToken.None);
        }

        return new AlertHarness(provider, lake, logs, hostedServices);
    }

    public static QualityAlert Alert(string runId, string ruleId = "tldr_nonempty", string split = "dev") => new(
        runId,
        split,
        ruleId,
        "error",
        "range",
        "3 papers have a blank TLDR",
        0.25,
        0,
        3,
        LakeLayout.QualityReportKey(runId, 1),
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    /// <summary>Stops the webhook sender as host shutdown would.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        foreach (var service in _hostedServices)
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _provider.DisposeAsync();
    }
}
