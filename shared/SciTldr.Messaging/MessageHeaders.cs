namespace SciTldr.Messaging;

/// <summary>Envelope header names the edge reads and writes, beside MassTransit's own.</summary>
public static class MessageHeaders
{
    /// <summary>W3C trace context of the sender, so one run is one trace across services.</summary>
    public const string TraceParent = "traceparent";

    public const string TraceState = "tracestate";

    /// <summary>The SQS delivery attempt (ApproximateReceiveCount) of the message being consumed.</summary>
    public const string ReceiveCount = "SciTldr-ReceiveCount";

    /// <summary>True when this delivery is the last one before the DLQ.</summary>
    public const string LastAttempt = "SciTldr-LastAttempt";

    /// <summary>Message attribute on a dead-lettered message: why the edge gave up on it.</summary>
    public const string FailureReason = "SciTldr-FailureReason";

    public const string RunId = "SciTldr-RunId";
}
