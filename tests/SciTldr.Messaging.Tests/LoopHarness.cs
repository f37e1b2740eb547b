using System.Collections.Concurrent;
using Amazon.SQS;
using Amazon.SQS.Model;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SciTldr.Contracts;
using SciTldr.Messaging.Hosting;
using SciTldr.Messaging.Sqs;
using SciTldr.Testing;

namespace SciTldr.Messaging.Tests;

/// <summary>What the test consumers saw, shared with the test through DI.</summary>
public sealed class Recorder
{
    public ConcurrentQueue<(string MessageId, int Partition, int ReceiveCount, bool LastAttempt)> Deliveries { get; } = new();

    public ConcurrentBag<int> Completed { get; } = [];

    public ConcurrentBag<DeliveryFailure> GaveUp { get; } = [];

    public TimeSpan WorkTime { get; set; }

    public int Started => Deliveries.Count;

    public Func<TransformPartition, bool> ShouldFail { get; set; } = _ => false;

    public bool Permanent { get; set; }
}

public sealed class RecordingConsumer : IConsumer<TransformPartition>
{
    private readonly Recorder _recorder;

    public RecordingConsumer(Recorder recorder)
    {
        _recorder = recorder;
    }

    public async Task Consume(ConsumeContext<TransformPartition> context)
    {
        _recorder.Deliveries.Enqueue((
            context.MessageId!.Value.ToString(),
            context.Message.Partition,
            context.Headers.Get<int>(MessageHeaders.ReceiveCount) ?? 0,
            context.Headers.Get<bool>(MessageHeaders.LastAttempt) ?? false));
        if (_recorder.WorkTime > TimeSpan.Zero)
        {
            await Task.Delay(_recorder.WorkTime, context.CancellationToken);
        }

        if (_recorder.ShouldFail(context.Message))
        {
            throw _recorder.Permanent
                ? new PermanentMessageException($"partition {context.Message.Partition} is invalid")
                : new InvalidOperationException($"partition {context.Message.Partition} failed");
        }

        _recorder.Completed.Add(context.Message.Partition);
    }
}

public sealed class RecordingFailureHandler : IDeliveryFailureHandler
{
    private readonly Recorder _recorder;

    public RecordingFailureHandler(Recorder recorder)
    {
        _recorder = recorder;
    }

    public Task OnGivingUpAsync(DeliveryFailure failure, CancellationToken cancellationToken)
    {
        _recorder.GaveUp.Add(failure);
        return Task.CompletedTask;
    }
}

/// <summary>A host with the real SQS edge on one emulator queue, each harness with its own queue names.</summary>
public sealed class LoopHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private LoopHarness(IHost host, string prefix, IAmazonSQS sqs)
    {
        _host = host;
        Prefix = prefix;
        Sqs = sqs;
    }

    public string Prefix { get; }

    public IAmazonSQS Sqs { get; }

    public Recorder Recorder => _host.Services.GetRequiredService<Recorder>();

    public IMessagePublisher Publisher => _host.Services.GetRequiredService<IMessagePublisher>();

    public SqsQueues Queues => _host.Services.GetRequiredService<SqsQueues>();

    public SqsReceiveLoop Loop => _host.Services.GetRequiredService<SqsReceiveLoop>();

    public static LoopHarness Create(Emulator emulator, Dictionary<string, string?> settings, bool inProcessRetries = false, Recorder? recorder = null)
    {
        var prefix = $"t{Guid.NewGuid():N}"[..12] + "-";
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Messaging:QueuePrefix"] = prefix,
                ["Messaging:CreateQueues"] = "true",
                ["Messaging:WaitTimeSeconds"] = "1",
                ["Messaging:VisibilityTimeoutSeconds"] = "5",
                ["Messaging:MaxReceiveCount"] = "3",
                ["Messaging:RedeliveryDelayBaseSeconds"] = "0",
                ["Messaging:DrainTimeoutSeconds"] = "20",
            })
            .AddInMemoryCollection(settings)
            .Build();
        var sqs = emulator.CreateSqsClient();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(recorder ?? new Recorder());
        builder.Services.AddSingleton<IAmazonSQS>(sqs);
        builder.Services.AddSingleton<IDeliveryFailureHandler, RecordingFailureHandler>();
        builder.Services.AddSqsMessaging(configuration, m =>
        {
            if (!inProcessRetries)
            {
                m.InProcessRetryIntervals.Clear();
            }

            m.ReceiveFrom(QueueNames.Transformation, q => q.Consumer<RecordingConsumer>());
        });
        return new LoopHarness(builder.Build(), prefix, sqs);
    }

    public Task StartAsync() => _host.StartAsync();

    public Task StopAsync() => _host.StopAsync();

    public Task SendAsync(int partition) =>
        Publisher.SendAsync(QueueNames.Transformation, new TransformPartition("run-1", partition, "dev", $"bronze/run_id=run-1/split=dev/part-{partition:D5}.jsonl.gz", 1));

    /// <summary>Visible + in-flight messages of a queue, as SQS reports them.</summary>
    public async Task<(int Visible, int InFlight)> CountAsync(string physicalName)
    {
        var url = (await Sqs.GetQueueUrlAsync(physicalName)).QueueUrl;
        var attributes = await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = url,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        });
        return (attributes.ApproximateNumberOfMessages, attributes.ApproximateNumberOfMessagesNotVisible);
    }

    public string QueueName => QueueNames.Physical(Prefix, QueueNames.Transformation);

    public string DeadLetterName => QueueNames.DeadLetter(QueueName);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            _host.Dispose();
            Sqs.Dispose();
        }
    }
}

public static class Eventually
{
    /// <summary>Waits for a condition instead of sleeping a fixed time; fails with <paramref name="what"/> on timeout.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout} waiting for: {what}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout} waiting for: {what}");
            }

            await Task.Delay(100);
        }
    }
}
