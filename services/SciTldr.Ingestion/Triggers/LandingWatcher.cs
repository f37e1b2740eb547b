using Microsoft.Extensions.Options;
using SciTldr.Contracts;
using SciTldr.Lake;

namespace SciTldr.Ingestion.Triggers;

/// <summary>
/// The "new data arrived" trigger where S3 event notifications are not available (locally, the emulator
/// sends none): lists the landing prefix every interval and starts a run for each object version no run
/// has ingested yet (what an Airflow S3 sensor or a Glue crawler schedule did).
/// </summary>
public sealed class LandingWatcher : BackgroundService
{
    private readonly RunStarter _starter;
    private readonly S3Lake _lake;
    private readonly WatcherOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<LandingWatcher> _logger;

    public LandingWatcher(RunStarter starter, S3Lake lake, IOptions<IngestionOptions> options, ILogger<LandingWatcher> logger, TimeProvider? clock = null)
    {
        _starter = starter;
        _lake = lake;
        _options = options.Value.Watcher;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>One pass over the landing prefix; returns the run ids it started.</summary>
    public async Task<IReadOnlyList<string>> ScanAsync(CancellationToken cancellationToken)
    {
        var started = new List<string>();
        await foreach (var item in _lake.ListObjectsAsync(_options.Prefix, cancellationToken))
        {
            if (await _starter.StartForObjectAsync(item, RunTriggers.Watcher, _options.PartitionSize, null, cancellationToken) is { } runId)
            {
                _logger.LogInformation("New object {Key} (ETag {ETag}) in landing: started run {RunId}", item.Key, item.ETag, runId);
                started.Add(runId);
            }
        }

        return started;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        _logger.LogInformation("Landing watcher on: s3://{Bucket}/{Prefix} every {Interval} s", _lake.Bucket, _options.Prefix, _options.IntervalSeconds);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.IntervalSeconds), _clock);
        do
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "Landing watcher pass failed; trying again in {Interval} s", _options.IntervalSeconds);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
