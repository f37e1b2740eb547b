using Cronos;
using Microsoft.Extensions.Options;
using SciTldr.Contracts;
using SciTldr.Runs;

namespace SciTldr.Ingestion.Triggers;

/// <summary>
/// The cron trigger (what Airflow's schedule gave): at each occurrence of <c>Ingestion:Schedule:Cron</c>
/// it starts a run of the configured source. Every ingestion task runs the schedule, and every task names
/// the run of a tick the same way, so N tasks start one run per tick, not N.
/// </summary>
public sealed class ScheduleTrigger : BackgroundService
{
    private readonly RunStarter _starter;
    private readonly ScheduleOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ScheduleTrigger> _logger;

    public ScheduleTrigger(RunStarter starter, IOptions<IngestionOptions> options, ILogger<ScheduleTrigger> logger, TimeProvider? clock = null)
    {
        _starter = starter;
        _options = options.Value.Schedule;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Parses a cron expression of 5 fields, or 6 with seconds first; throws <see cref="CronFormatException"/>.</summary>
    public static CronExpression ParseCron(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(_options.Cron))
        {
            return;
        }

        var cron = ParseCron(_options.Cron);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(_options.TimeZone);
        var split = string.IsNullOrWhiteSpace(_options.Split) ? SplitNames.Resolve(null, (_options.Source ?? "").TrimEnd('/')) : _options.Split;
        _logger.LogInformation("Schedule on: '{Cron}' ({TimeZone}) runs {Source}", _options.Cron, zone.Id, _options.Source);
        var after = _clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = cron.GetNextOccurrence(after, zone);
            if (next is null)
            {
                _logger.LogWarning("The schedule '{Cron}' has no further occurrence; the schedule stops", _options.Cron);
                return;
            }

            var wait = next.Value - _clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _clock, stoppingToken);
            }

            after = next.Value;
            try
            {
                var message = new StartRun(RunIds.ForSchedule(split, next.Value), _options.Source!, split, _options.PartitionSize, _clock.GetUtcNow(), RunTriggers.Schedule);
                await _starter.StartAsync(message, null, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed tick must not end the schedule: log it, and the next tick tries again.
                _logger.LogError(ex, "The scheduled run of {Tick} could not be started", next.Value);
            }
        }
    }
}
