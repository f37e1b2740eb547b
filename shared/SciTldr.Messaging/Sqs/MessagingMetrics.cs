using System.Diagnostics.Metrics;

namespace SciTldr.Messaging.Sqs;

/// <summary>
/// The SQS edge's metrics (meter <c>SciTldr.Messaging</c>), tagged with the queue and the message type:
/// messages handled by outcome, redeliveries, queue lag (sent to handling) and handling time.
/// </summary>
public static class MessagingMetrics
{
    public const string MeterName = "SciTldr.Messaging";

    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string DeadLettered = "dead_lettered";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Handled = Meter.CreateCounter<long>(
        "scitldr.messages.handled", "{message}", "Messages handled, by outcome: succeeded, failed (to be redelivered) or dead_lettered");

    private static readonly Counter<long> Redelivered = Meter.CreateCounter<long>(
        "scitldr.messages.redelivered", "{message}", "Deliveries of a message that had been delivered before");

    private static readonly Histogram<double> Lag = Meter.CreateHistogram<double>(
        "scitldr.messages.lag", "ms", "Time from sending a message to starting to handle it");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "scitldr.messages.duration", "ms", "Time a consumer took to handle a message");

    public static void Received(string queue, string messageType, int receiveCount, TimeSpan? lag)
    {
        var tags = Tags(queue, messageType);
        if (receiveCount > 1)
        {
            Redelivered.Add(1, tags);
        }

        if (lag is { } sentToNow && sentToNow >= TimeSpan.Zero)
        {
            Lag.Record(sentToNow.TotalMilliseconds, tags);
        }
    }

    public static void Done(string queue, string messageType, string outcome, TimeSpan duration)
    {
        var tags = Tags(queue, messageType);
        Duration.Record(duration.TotalMilliseconds, tags);
        Handled.Add(1, [.. tags, new("outcome", outcome)]);
    }

    private static KeyValuePair<string, object?>[] Tags(string queue, string messageType) =>
        [new("queue", queue), new("message_type", messageType)];
}
