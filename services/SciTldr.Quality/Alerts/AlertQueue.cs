using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace SciTldr.Quality.Alerts;

/// <summary>A webhook message waiting to be sent.</summary>
/// <param name="ReportLink">The report as an <c>s3://</c> URI (or the bare key), when the alert names one.</param>
internal sealed record AlertDelivery(QualityAlert Alert, string? ReportLink);

/// <summary>
/// The bounded queue between <see cref="IQualityAlerts.RaiseAsync"/> and the <see cref="WebhookSender"/>:
/// writing never waits, so a slow or dead webhook cannot hold up the pipeline. When it is full the oldest
/// message is dropped: the alert was logged and counted already, only its webhook copy is lost.
/// </summary>
internal sealed class AlertQueue
{
    private readonly Channel<AlertDelivery> _channel;
    private readonly ILogger<AlertQueue> _logger;

    public AlertQueue(IOptions<AlertOptions> options, AlertMetrics metrics, ILogger<AlertQueue> logger)
    {
        _logger = logger;
        Capacity = options.Value.QueueCapacity;
        _channel = Channel.CreateBounded<AlertDelivery>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                AlertLog.Dropped(_logger, Capacity, dropped.Alert.RuleId, dropped.Alert.RunId);
                metrics.Dropped(dropped.Alert);
            });
    }

    public int Capacity { get; }

    /// <summary>Messages waiting (not counting the one being sent).</summary>
    public int Count => _channel.Reader.Count;

    public ChannelReader<AlertDelivery> Reader => _channel.Reader;

    /// <summary>Queues <paramref name="delivery"/> at once; after <see cref="Close"/> it is logged as not sent instead.</summary>
    public void Enqueue(AlertDelivery delivery)
    {
        if (!_channel.Writer.TryWrite(delivery))
        {
            AlertLog.QueueClosed(_logger, delivery.Alert.RuleId, delivery.Alert.RunId);
        }
    }

    /// <summary>Accepts no more messages; the sender drains what is queued.</summary>
    public void Close() => _channel.Writer.TryComplete();
}
