using System.Net.Mime;
using System.Text.Json;
using MassTransit;
using MassTransit.Metadata;
using MassTransit.Serialization;

namespace SciTldr.Messaging.Envelope;

/// <summary>
/// Writes and reads the MassTransit JSON envelope (<c>application/vnd.masstransit+json</c>) with
/// MassTransit's own serializer types, so the SQS body is byte-for-byte the format the official
/// MassTransit SQS transport uses and either side can be swapped for it.
/// </summary>
public static class EnvelopeSerializer
{
    public static ContentType ContentType => SystemTextJsonMessageSerializer.JsonContentType;

    /// <summary>Serializes <paramref name="message"/> into an envelope body.</summary>
    public static string Serialize<T>(T message, OutgoingEnvelope envelope)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        var json = new JsonMessageEnvelope
        {
            MessageId = envelope.MessageId.ToString(),
            CorrelationId = envelope.CorrelationId?.ToString(),
            ConversationId = envelope.ConversationId?.ToString(),
            InitiatorId = envelope.InitiatorId?.ToString(),
            SourceAddress = envelope.SourceAddress?.ToString(),
            DestinationAddress = envelope.DestinationAddress?.ToString(),
            MessageType = MessageTypeCache<T>.MessageTypeNames,
            Message = message,
            SentTime = envelope.SentTime.UtcDateTime,
            Headers = envelope.Headers.ToDictionary(h => h.Key, object? (h) => h.Value, StringComparer.OrdinalIgnoreCase),
            Host = HostMetadataCache.Host,
        };
        return JsonSerializer.Serialize(json, SystemTextJsonMessageSerializer.Options);
    }

    /// <summary>
    /// Reads an envelope body. Throws <see cref="EnvelopeFormatException"/> when the body is not a
    /// MassTransit envelope (the message is poison and can never be handled).
    /// </summary>
    public static ReceivedEnvelope Deserialize(string body, Uri? destinationAddress = null)
    {
        SerializerContext context;
        try
        {
            context = SystemTextJsonMessageSerializer.Instance.Deserialize(
                new StringMessageBody(body), new DictionarySendHeaders(), destinationAddress);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new EnvelopeFormatException($"the message body is not a MassTransit JSON envelope: {ex.Message}", ex);
        }

        if (context.SupportedMessageTypes is not { Length: > 0 })
        {
            throw new EnvelopeFormatException("the envelope names no message type");
        }

        return new ReceivedEnvelope(context);
    }
}

/// <summary>What the sender sets on an outgoing envelope.</summary>
public sealed record OutgoingEnvelope
{
    public Guid MessageId { get; init; } = NewId.NextGuid();

    public Guid? CorrelationId { get; init; }

    public Guid? ConversationId { get; init; }

    public Guid? InitiatorId { get; init; }

    public Uri? SourceAddress { get; init; }

    public Uri? DestinationAddress { get; init; }

    public DateTimeOffset SentTime { get; init; } = DateTimeOffset.UtcNow;

    public IReadOnlyDictionary<string, object> Headers { get; init; } = new Dictionary<string, object>();
}

/// <summary>A read envelope: its ids, headers and the message, materialized for a known type.</summary>
public sealed class ReceivedEnvelope
{
    private readonly SerializerContext _context;

    internal ReceivedEnvelope(SerializerContext context)
    {
        _context = context;
    }

    public Guid? MessageId => _context.MessageId;

    public Guid? CorrelationId => _context.CorrelationId;

    public Guid? ConversationId => _context.ConversationId;

    public Guid? InitiatorId => _context.InitiatorId;

    public DateTime? SentTime => _context.SentTime;

    public IReadOnlyList<string> MessageTypes => _context.SupportedMessageTypes;

    public Headers Headers => _context.Headers;

    /// <summary>The header value as text, or null.</summary>
    public string? GetHeader(string name) =>
        _context.Headers.TryGetHeader(name, out var value) ? value?.ToString() : null;

    public bool TryGetMessage(Type messageType, out object? message) => _context.TryGetMessage(messageType, out message);

    public bool TryGetMessage<T>(out T? message)
        where T : class => _context.TryGetMessage(out message);
}

/// <summary>The body is not an envelope this edge can read.</summary>
public sealed class EnvelopeFormatException : Exception
{
    public EnvelopeFormatException(string message)
        : base(message)
    {
    }

    public EnvelopeFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EnvelopeFormatException()
    {
    }
}
