using System.Diagnostics;
using Amazon.SQS.Model;
using MassTransit;
using SciTldr.Contracts;
using SciTldr.Messaging.Envelope;

namespace SciTldr.Messaging.Sqs;

/// <summary>Sends typed messages to the pipeline's queues as MassTransit envelopes.</summary>
public interface IMessagePublisher
{
    /// <summary>
    /// Sends <paramref name="message"/> to a logical queue. When <paramref name="cause"/> is the message
    /// being consumed, the new one continues its conversation (same ConversationId and CorrelationId,
    /// InitiatorId = the cause's MessageId) and trace.
    /// </summary>
    Task<Guid> SendAsync<T>(string logicalQueue, T message, ConsumeContext? cause = null, CancellationToken cancellationToken = default)
        where T : class;
}

public sealed class SqsPublisher : IMessagePublisher
{
    /// <summary>SQS accepts 256 KiB; stay clear of it so attributes and encoding never push a body over.</summary>
    public const int MaxBodyBytes = 240 * 1024;

    private readonly SqsQueues _queues;

    public SqsPublisher(SqsQueues queues)
    {
        _queues = queues;
    }

    public async Task<Guid> SendAsync<T>(string logicalQueue, T message, ConsumeContext? cause = null, CancellationToken cancellationToken = default)
        where T : class
    {
        var url = await _queues.GetUrlAsync(logicalQueue, cancellationToken);
        var envelope = BuildEnvelope(message, cause, new Uri(url));
        var body = EnvelopeSerializer.Serialize(message, envelope);
        if (System.Text.Encoding.UTF8.GetByteCount(body) > MaxBodyBytes)
        {
            // Pipeline messages carry lake keys, never data; a body this large is a programming error.
            throw new InvalidOperationException(
                $"{typeof(T).Name} serializes to more than {MaxBodyBytes} bytes; put the payload in the lake and send its key");
        }

        var request = new SendMessageRequest { QueueUrl = url, MessageBody = body };
        await _queues.Resilience.ExecuteAsync(async token => await _queues.Client.SendMessageAsync(request, token), cancellationToken);
        return envelope.MessageId;
    }

    private static OutgoingEnvelope BuildEnvelope<T>(T message, ConsumeContext? cause, Uri destination)
        where T : class
    {
        var headers = new Dictionary<string, object>();
        var activity = Activity.Current;
        if (activity is not null)
        {
            headers[MessageHeaders.TraceParent] = activity.Id!;
            if (activity.TraceStateString is { } state)
            {
                headers[MessageHeaders.TraceState] = state;
            }
        }
        else if (cause?.Headers.Get<string>(MessageHeaders.TraceParent) is { } parent)
        {
            headers[MessageHeaders.TraceParent] = parent;
        }

        Guid? correlation = cause?.CorrelationId;
        if (message is IRunMessage run)
        {
            headers[MessageHeaders.RunId] = run.RunId;
            correlation ??= RunCorrelation.For(run.RunId);
        }

        return new OutgoingEnvelope
        {
            CorrelationId = correlation,
            ConversationId = cause?.ConversationId ?? NewId.NextGuid(),
            InitiatorId = cause?.MessageId,
            DestinationAddress = destination,
            Headers = headers,
        };
    }
}

/// <summary>Every message of a run shares one CorrelationId, derived from the run id so any service can compute it.</summary>
public static class RunCorrelation
{
    public static Guid For(string runId)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(runId), hash);
        return new Guid(hash[..16]);
    }
}
