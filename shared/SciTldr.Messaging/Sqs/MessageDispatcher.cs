using System.Collections.Frozen;
using System.Reflection;
using MassTransit;
using MassTransit.Mediator;
using SciTldr.Messaging.Envelope;

namespace SciTldr.Messaging.Sqs;

/// <summary>
/// Hands a received envelope to MassTransit's mediator as the message type a consumer on this queue
/// accepts, carrying the envelope's ids and headers into the ConsumeContext; the mediator runs the
/// consumer with its middleware (retry and the rest).
/// </summary>
internal sealed class MessageDispatcher
{
    private static readonly MethodInfo SendGeneric =
        typeof(MessageDispatcher).GetMethod(nameof(SendAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly IMediator _mediator;
    private readonly FrozenDictionary<string, Route> _routes;

    public MessageDispatcher(IMediator mediator, IEnumerable<Type> messageTypes)
    {
        _mediator = mediator;
        _routes = messageTypes.Distinct().ToFrozenDictionary(
            MessageUrn.ForTypeString,
            type => new Route(type, SendGeneric.MakeGenericMethod(type).CreateDelegate<SendDelegate>()),
            StringComparer.Ordinal);
    }

    private delegate Task SendDelegate(IMediator mediator, object message, ReceivedEnvelope envelope, IReadOnlyDictionary<string, object> extraHeaders, CancellationToken cancellationToken);

    public IEnumerable<Type> MessageTypes => _routes.Values.Select(r => r.Type);

    /// <summary>Finds the first envelope message type this queue has a consumer for and materializes the message.</summary>
    public bool TryResolve(ReceivedEnvelope envelope, out Type? messageType, out object? message)
    {
        foreach (var urn in envelope.MessageTypes)
        {
            if (_routes.TryGetValue(urn, out var route) && envelope.TryGetMessage(route.Type, out message) && message is not null)
            {
                messageType = route.Type;
                return true;
            }
        }

        messageType = null;
        message = null;
        return false;
    }

    public Task DispatchAsync(Type messageType, object message, ReceivedEnvelope envelope, IReadOnlyDictionary<string, object> extraHeaders, CancellationToken cancellationToken) =>
        _routes[MessageUrn.ForTypeString(messageType)].Send(_mediator, message, envelope, extraHeaders, cancellationToken);

    private static Task SendAsync<T>(IMediator mediator, object message, ReceivedEnvelope envelope, IReadOnlyDictionary<string, object> extraHeaders, CancellationToken cancellationToken)
        where T : class =>
        mediator.Send(
            (T)message,
            Pipe.Execute<SendContext<T>>(context =>
            {
                context.MessageId = envelope.MessageId;
                context.CorrelationId = envelope.CorrelationId;
                context.ConversationId = envelope.ConversationId;
                context.InitiatorId = envelope.InitiatorId;
                foreach (var header in envelope.Headers.GetAll())
                {
                    context.Headers.Set(header.Key, header.Value);
                }

                foreach (var header in extraHeaders)
                {
                    context.Headers.Set(header.Key, header.Value);
                }
            }),
            cancellationToken);

    private sealed record Route(Type Type, SendDelegate Send);
}
