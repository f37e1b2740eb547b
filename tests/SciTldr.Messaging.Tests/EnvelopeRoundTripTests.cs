using System.Net.Mime;
using MassTransit;
using SciTldr.Contracts;
using SciTldr.Messaging.Envelope;

namespace SciTldr.Messaging.Tests;

/// <summary>
/// The edge's envelope must be the one a real MassTransit bus writes and reads: these tests put a
/// real in-memory MassTransit bus on the other side in both directions.
/// </summary>
public sealed class EnvelopeRoundTripTests
{
    private static readonly TransformPartition Sample = new("run-1", 3, "dev", "bronze/run_id=run-1/split=dev/part-00003.jsonl.gz", 100);

    [Fact]
    public async Task Envelope_written_by_a_MassTransit_bus_is_read_with_ids_and_headers_intact()
    {
        var captured = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingInMemory(cfg =>
            cfg.ReceiveEndpoint("capture", e => e.Handler<TransformPartition>(context =>
            {
                captured.TrySetResult(context.ReceiveContext.Body.GetString());
                return Task.CompletedTask;
            })));
        await bus.StartAsync();
        try
        {
            var messageId = NewId.NextGuid();
            var correlationId = Guid.NewGuid();
            var conversationId = Guid.NewGuid();
            var endpoint = await bus.GetSendEndpoint(new Uri("queue:capture"));
            await endpoint.Send(Sample, context =>
            {
                context.MessageId = messageId;
                context.CorrelationId = correlationId;
                context.ConversationId = conversationId;
                context.Headers.Set(MessageHeaders.TraceParent, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
                context.Headers.Set("custom", "value");
            });

            var body = await captured.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var envelope = EnvelopeSerializer.Deserialize(body);

            Assert.Equal(messageId, envelope.MessageId);
            Assert.Equal(correlationId, envelope.CorrelationId);
            Assert.Equal(conversationId, envelope.ConversationId);
            Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", envelope.GetHeader(MessageHeaders.TraceParent));
            Assert.Equal("value", envelope.GetHeader("custom"));
            Assert.Contains(MessageUrn.ForTypeString<TransformPartition>(), envelope.MessageTypes);
            Assert.True(envelope.TryGetMessage<TransformPartition>(out var message));
            Assert.Equal(Sample, message);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task Envelope_written_by_the_edge_is_consumed_by_a_MassTransit_bus_with_ids_and_headers_intact()
    {
        var consumed = new TaskCompletionSource<ConsumeContext<TransformPartition>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingInMemory(cfg =>
            cfg.ReceiveEndpoint("edge-in", e => e.Handler<TransformPartition>(context =>
            {
                consumed.TrySetResult(context);
                return Task.CompletedTask;
            })));
        await bus.StartAsync();
        try
        {
            var outgoing = new OutgoingEnvelope
            {
                CorrelationId = Guid.NewGuid(),
                ConversationId = Guid.NewGuid(),
                InitiatorId = Guid.NewGuid(),
                Headers = new Dictionary<string, object> { ["custom"] = "value", [MessageHeaders.RunId] = "run-1" },
            };
            var body = EnvelopeSerializer.Serialize(Sample, outgoing);

            // Hand the edge's bytes to the bus unchanged: the bus's own deserializer must read them.
            var endpoint = await bus.GetSendEndpoint(new Uri("queue:edge-in"));
            await endpoint.Send(Sample, context => context.Serializer = new PreSerialized(body));

            var context = await consumed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(outgoing.MessageId, context.MessageId);
            Assert.Equal(outgoing.CorrelationId, context.CorrelationId);
            Assert.Equal(outgoing.ConversationId, context.ConversationId);
            Assert.Equal(outgoing.InitiatorId, context.InitiatorId);
            Assert.Equal("value", context.Headers.Get<string>("custom"));
            Assert.Equal("run-1", context.Headers.Get<string>(MessageHeaders.RunId));
            Assert.Equal(Sample, context.Message);
            Assert.Equal(body, context.ReceiveContext.Body.GetString());
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public void Envelope_lists_the_message_interfaces_as_MassTransit_does()
    {
        var body = EnvelopeSerializer.Serialize(Sample, new OutgoingEnvelope());
        var envelope = EnvelopeSerializer.Deserialize(body);

        Assert.Equal(MessageUrn.ForTypeString<TransformPartition>(), envelope.MessageTypes[0]);
        Assert.Contains(MessageUrn.ForTypeString<IPartitionMessage>(), envelope.MessageTypes);
        Assert.Contains(MessageUrn.ForTypeString<IRunMessage>(), envelope.MessageTypes);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"message\": {}}")]
    [InlineData("[1,2,3]")]
    public void Body_that_is_not_an_envelope_is_rejected_as_poison(string body)
    {
        Assert.Throws<EnvelopeFormatException>(() => EnvelopeSerializer.Deserialize(body));
    }

    /// <summary>Makes the bus send a body produced elsewhere, as another transport client would.</summary>
    private sealed class PreSerialized : IMessageSerializer
    {
        private readonly string _body;

        public PreSerialized(string body)
        {
            _body = body;
        }

        public ContentType ContentType => EnvelopeSerializer.ContentType;

        public MessageBody GetMessageBody<T>(SendContext<T> context)
            where T : class => new StringMessageBody(_body);
    }
}
