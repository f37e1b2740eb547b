using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SciTldr.Contracts;
using SciTldr.Messaging.Envelope;

namespace SciTldr.Messaging.Sqs;

/// <summary>
/// Receives one queue: long polling, at most <c>Concurrency</c> handlers at once plus a small
/// prefetch, visibility kept alive while a message is held, deleted only after its consumer
/// succeeded, failures left for redelivery with backoff (SQS moves them to the DLQ after
/// maxReceiveCount; the last attempt is reported first), permanent failures dead-lettered at once,
/// and a graceful drain on shutdown: stop receiving, finish in-flight work, release what never started.
/// </summary>
public sealed class SqsReceiveLoop : BackgroundService
{
    public static readonly ActivitySource ActivitySource = new("SciTldr.Messaging");

    private const int MaxBatch = 10;
    private const string ReceiveCountAttribute = "ApproximateReceiveCount";

    private readonly string _queue;
    private readonly int _concurrency;
    private readonly SqsQueues _queues;
    private readonly MessageDispatcher _dispatcher;
    private readonly IReadOnlyList<IDeliveryFailureHandler> _failureHandlers;
    private readonly ILogger _logger;
    private readonly MessagingOptions _options;
    private readonly ConcurrentDictionary<string, HeldMessage> _held = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abandon = new();
    private readonly IForeignMessageAdapter? _foreignAdapter;
    private readonly Hosting.TaskProtection? _protection;

    internal SqsReceiveLoop(
        string logicalQueue,
        int concurrency,
        SqsQueues queues,
        MessageDispatcher dispatcher,
        IEnumerable<IDeliveryFailureHandler> failureHandlers,
        ILogger<SqsReceiveLoop> logger,
        IForeignMessageAdapter? foreignAdapter = null,
        Hosting.TaskProtection? protection = null)
    {
        _foreignAdapter = foreignAdapter;
        _protection = protection;
        _queue = logicalQueue;
        _concurrency = concurrency;
        _queues = queues;
        _dispatcher = dispatcher;
        _failureHandlers = failureHandlers.ToList();
        _logger = logger;
        _options = queues.Options;
    }

    public string Queue => _queue;

    /// <summary>Liveness: when the loop last went round (even a failed poll counts; a stuck loop does not).</summary>
    public DateTimeOffset LastLoopAt { get; private set; } = DateTimeOffset.UtcNow;

    /// <summary>Readiness: when a ReceiveMessage call last succeeded.</summary>
    public DateTimeOffset? LastSuccessfulPollAt { get; private set; }

    public bool Running { get; private set; }

    public long Handled => Interlocked.Read(ref _handled);

    public long Failed => Interlocked.Read(ref _failed);

    public int InFlight => _held.Count;

    private long _handled;
    private long _failed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Running = true;
        try
        {
            var url = await ResolveUrlAsync(stoppingToken);
            if (url is null)
            {
                return;
            }

            using var registration = stoppingToken.Register(() => _abandon.CancelAfter(TimeSpan.FromSeconds(_options.DrainTimeoutSeconds)));
            var capacity = new SemaphoreSlim(_concurrency + _options.Prefetch);
            var ready = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleWriter = true });
            var workers = Enumerable.Range(0, _concurrency)
                .Select(_ => Task.Run(() => WorkAsync(url, ready.Reader, capacity, stoppingToken), CancellationToken.None))
                .ToArray();
            using var heartbeatStop = new CancellationTokenSource();
            var heartbeat = Task.Run(() => HeartbeatAsync(url, heartbeatStop.Token), CancellationToken.None);

            await ReceiveAsync(url, ready.Writer, capacity, stoppingToken);
            ready.Writer.Complete();
            await Task.WhenAll(workers);
            await heartbeatStop.CancelAsync();
            await heartbeat;
            _logger.LogInformation("Receive loop for {Queue} drained", _queue);
        }
        finally
        {
            Running = false;
        }
    }

    public override void Dispose()
    {
        // The base cancels the stopping token first, whose callbacks may still reach the abandon token.
        base.Dispose();
        _abandon.Dispose();
    }

    private async Task<string?> ResolveUrlAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            LastLoopAt = DateTimeOffset.UtcNow;
            try
            {
                return await _queues.GetUrlAsync(_queue, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Queue {Queue} is not reachable yet; retrying in {Delay}", _queue, delay);
                await DelayQuietly(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }

        return null;
    }

    private async Task ReceiveAsync(string url, ChannelWriter<Message> ready, SemaphoreSlim capacity, CancellationToken stoppingToken)
    {
        var errorDelay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            LastLoopAt = DateTimeOffset.UtcNow;
            try
            {
                await capacity.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var slots = 1;
            while (slots < MaxBatch && capacity.Wait(0, CancellationToken.None))
            {
                slots++;
            }

            List<Message> messages;
            try
            {
                var response = await _queues.Client.ReceiveMessageAsync(
                    new ReceiveMessageRequest
                    {
                        QueueUrl = url,
                        MaxNumberOfMessages = slots,
                        WaitTimeSeconds = _options.WaitTimeSeconds,
                        VisibilityTimeout = _options.VisibilityTimeoutSeconds,
                        MessageSystemAttributeNames = [ReceiveCountAttribute, "SentTimestamp"],
                        MessageAttributeNames = ["All"],
                    },
                    stoppingToken);
                messages = response.Messages ?? [];
                LastSuccessfulPollAt = DateTimeOffset.UtcNow;
                errorDelay = TimeSpan.FromMilliseconds(250);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                capacity.Release(slots);
                break;
            }
            catch (QueueDoesNotExistException)
            {
                capacity.Release(slots);
                _logger.LogWarning("Queue {Queue} disappeared; resolving it again", _queue);
                _queues.Forget(_queue);
                url = await ResolveUrlAsync(stoppingToken) ?? url;
                continue;
            }
            catch (Exception ex)
            {
                capacity.Release(slots);
                _logger.LogWarning(ex, "Receiving from {Queue} failed; retrying in {Delay}", _queue, errorDelay);
                await DelayQuietly(errorDelay, stoppingToken);
                errorDelay = TimeSpan.FromTicks(Math.Min(errorDelay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                continue;
            }

            if (messages.Count < slots)
            {
                capacity.Release(slots - messages.Count);
            }

            var now = DateTimeOffset.UtcNow;
            foreach (var message in messages)
            {
                _held[message.ReceiptHandle] = new HeldMessage(message, now);
                ready.TryWrite(message);
            }
        }
    }

    private async Task WorkAsync(string url, ChannelReader<Message> ready, SemaphoreSlim capacity, CancellationToken stoppingToken)
    {
        await foreach (var message in ready.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    // Received but never started: hand it straight back instead of hiding it until the visibility timeout.
                    await SetVisibilityAsync(url, message, TimeSpan.Zero);
                    _logger.LogInformation("Released unstarted message {MessageId} from {Queue}", message.MessageId, _queue);
                }
                else
                {
                    await (_protection?.AcquireAsync(CancellationToken.None) ?? Task.CompletedTask);
                    try
                    {
                        await HandleAsync(url, message);
                    }
                    finally
                    {
                        _protection?.Release();
                    }
                }
            }
            catch (Exception ex)
            {
                // Nothing escapes a worker: the message stays in SQS and comes back after its visibility timeout.
                _logger.LogError(ex, "Unexpected failure around message {MessageId} on {Queue}", message.MessageId, _queue);
            }
            finally
            {
                _held.TryRemove(message.ReceiptHandle, out _);
                capacity.Release();
            }
        }
    }

    private async Task HandleAsync(string url, Message message)
    {
        var receiveCount = message.Attributes is not null && message.Attributes.TryGetValue(ReceiveCountAttribute, out var count)
            && int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 1;
        var lastAttempt = receiveCount >= _options.MaxReceiveCount;

        ReceivedEnvelope envelope;
        try
        {
            envelope = EnvelopeSerializer.Deserialize(message.Body, new Uri(url));
        }
        catch (EnvelopeFormatException ex)
        {
            ReceivedEnvelope? adapted;
            try
            {
                adapted = AdaptForeign(message, url);
            }
            catch (PermanentMessageException rejected)
            {
                await GiveUpPermanentlyAsync(url, message, null, null, receiveCount, rejected);
                return;
            }

            if (adapted is null)
            {
                await GiveUpPermanentlyAsync(url, message, null, null, receiveCount, ex);
                return;
            }

            envelope = adapted;
        }

        if (!_dispatcher.TryResolve(envelope, out var messageType, out var body))
        {
            var unknown = new PermanentMessageException(
                $"no consumer on queue '{_queue}' for message types [{string.Join(", ", envelope.MessageTypes)}]");
            await GiveUpPermanentlyAsync(url, message, envelope, null, receiveCount, unknown);
            return;
        }

        using var activity = StartConsumeActivity(envelope, messageType!, body!, receiveCount);
        var extraHeaders = new Dictionary<string, object>
        {
            [MessageHeaders.ReceiveCount] = receiveCount,
            [MessageHeaders.LastAttempt] = lastAttempt,
        };
        using var scope = _logger.BeginScope(new Dictionary<string, object?>
        {
            ["Queue"] = _queue,
            ["MessageId"] = envelope.MessageId,
            ["RunId"] = (body as IRunMessage)?.RunId,
            ["Partition"] = (body as IPartitionMessage)?.Partition,
            ["TraceId"] = activity?.TraceId.ToString(),
        });

        var typeName = messageType!.Name;
        var started = Stopwatch.GetTimestamp();
        MessagingMetrics.Received(_queue, typeName, receiveCount, envelope.SentTime is { } sent ? DateTime.UtcNow - sent : null);
        try
        {
            await _dispatcher.DispatchAsync(messageType!, body!, envelope, extraHeaders, _abandon.Token);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            _logger.LogWarning("Shutdown drain timed out; message {MessageId} released for redelivery", message.MessageId);
            await SetVisibilityAsync(url, message, TimeSpan.Zero);
            return;
        }
        catch (PermanentMessageException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            MessagingMetrics.Done(_queue, typeName, MessagingMetrics.DeadLettered, Stopwatch.GetElapsedTime(started));
            await GiveUpPermanentlyAsync(url, message, envelope, body, receiveCount, ex);
            return;
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _failed);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            MessagingMetrics.Done(_queue, typeName, lastAttempt ? MessagingMetrics.DeadLettered : MessagingMetrics.Failed, Stopwatch.GetElapsedTime(started));
            if (lastAttempt)
            {
                _logger.LogError(ex, "Message {MessageId} failed its last attempt ({Attempt}/{Max}); it goes to the dead-letter queue",
                    message.MessageId, receiveCount, _options.MaxReceiveCount);
                await NotifyGivingUpAsync(new DeliveryFailure(_queue, envelope.MessageId?.ToString(), body, receiveCount, Permanent: false, ex));
                await SetVisibilityAsync(url, message, TimeSpan.Zero);
            }
            else
            {
                var delay = RedeliveryDelay(receiveCount);
                _logger.LogWarning(ex, "Message {MessageId} failed attempt {Attempt}/{Max}; redelivery in {Delay}",
                    message.MessageId, receiveCount, _options.MaxReceiveCount, delay);
                await SetVisibilityAsync(url, message, delay);
            }

            return;
        }

        await DeleteAsync(url, message);
        Interlocked.Increment(ref _handled);
        MessagingMetrics.Done(_queue, typeName, MessagingMetrics.Succeeded, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// A body in another service's format, wrapped in an envelope of its own (message id = the SQS message
    /// id, so redeliveries carry the same id); null when there is no adapter or it does not know the body.
    /// </summary>
    private ReceivedEnvelope? AdaptForeign(Message message, string url)
    {
        if (_foreignAdapter?.TryAdapt(message.Body) is not { } adapted)
        {
            return null;
        }

        var messageId = Guid.TryParse(message.MessageId, out var sqsId) ? sqsId : Guid.NewGuid();
        var body = (string)SerializeAdapted.MakeGenericMethod(adapted.GetType()).Invoke(null, [adapted, new OutgoingEnvelope { MessageId = messageId }])!;
        _logger.LogInformation("Message {MessageId} is a {MessageType} in its sender's own format; adapted", message.MessageId, adapted.GetType().Name);
        return EnvelopeSerializer.Deserialize(body, new Uri(url));
    }

    private static readonly System.Reflection.MethodInfo SerializeAdapted =
        typeof(EnvelopeSerializer).GetMethod(nameof(EnvelopeSerializer.Serialize))!;

    private Activity? StartConsumeActivity(ReceivedEnvelope envelope, Type messageType, object body, int receiveCount)
    {
        ActivityContext.TryParse(envelope.GetHeader(MessageHeaders.TraceParent), envelope.GetHeader(MessageHeaders.TraceState), out var parent);
        var activity = ActivitySource.StartActivity($"{_queue} consume {messageType.Name}", ActivityKind.Consumer, parent);
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "aws_sqs");
            activity.SetTag("messaging.destination.name", _queues.PhysicalName(_queue));
            activity.SetTag("messaging.message.id", envelope.MessageId?.ToString());
            activity.SetTag("messaging.message.delivery_attempt", receiveCount);
            if (body is IRunMessage run)
            {
                activity.SetTag("scitldr.run_id", run.RunId);
            }

            if (body is IPartitionMessage partition)
            {
                activity.SetTag("scitldr.partition", partition.Partition);
            }
        }

        return activity;
    }

    private TimeSpan RedeliveryDelay(int receiveCount)
    {
        var seconds = _options.RedeliveryDelayBaseSeconds * Math.Pow(2, Math.Max(0, receiveCount - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, _options.RedeliveryDelayMaxSeconds));
    }

    private async Task GiveUpPermanentlyAsync(string url, Message message, ReceivedEnvelope? envelope, object? body, int receiveCount, Exception exception)
    {
        Interlocked.Increment(ref _failed);
        _logger.LogError(exception, "Message {MessageId} on {Queue} can never succeed; moving it to the dead-letter queue", message.MessageId, _queue);
        await NotifyGivingUpAsync(new DeliveryFailure(_queue, envelope?.MessageId?.ToString() ?? message.MessageId, body, receiveCount, Permanent: true, exception));

        var dlqUrl = await _queues.GetDeadLetterUrlAsync(_queue, CancellationToken.None);
        var reason = exception.Message.Length > 1000 ? exception.Message[..1000] : exception.Message;
        var attributes = new Dictionary<string, MessageAttributeValue>(message.MessageAttributes ?? [])
        {
            [MessageHeaders.FailureReason] = new() { DataType = "String", StringValue = reason },
        };
        await _queues.Resilience.ExecuteAsync(
            async token => await _queues.Client.SendMessageAsync(
                new SendMessageRequest { QueueUrl = dlqUrl, MessageBody = message.Body, MessageAttributes = attributes }, token),
            CancellationToken.None);
        await DeleteAsync(url, message);
    }

    private async Task NotifyGivingUpAsync(DeliveryFailure failure)
    {
        foreach (var handler in _failureHandlers)
        {
            try
            {
                await handler.OnGivingUpAsync(failure, CancellationToken.None);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Failure handler {Handler} failed for message {MessageId}", handler.GetType().Name, failure.MessageId);
            }
        }
    }

    private async Task DeleteAsync(string url, Message message)
    {
        try
        {
            await _queues.Resilience.ExecuteAsync(
                async token => await _queues.Client.DeleteMessageAsync(url, message.ReceiptHandle, token), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The work is done and idempotent; a redelivery rewrites the same outputs.
            _logger.LogWarning(ex, "Could not delete handled message {MessageId}; it will be redelivered", message.MessageId);
        }
    }

    private async Task SetVisibilityAsync(string url, Message message, TimeSpan visibility)
    {
        try
        {
            await _queues.Resilience.ExecuteAsync(
                async token => await _queues.Client.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, (int)visibility.TotalSeconds, token),
                CancellationToken.None);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not change visibility of message {MessageId}", message.MessageId);
        }
    }

    /// <summary>Extends the visibility of every held message (in flight or prefetched) well before it lapses.</summary>
    private async Task HeartbeatAsync(string url, CancellationToken stop)
    {
        var timeout = TimeSpan.FromSeconds(_options.VisibilityTimeoutSeconds);
        var period = TimeSpan.FromSeconds(Math.Max(1, _options.VisibilityTimeoutSeconds / 3.0));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(250, period.TotalMilliseconds / 4)));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = DateTimeOffset.UtcNow;
                var due = _held.Values.Where(h => now - h.ExtendedAt >= period).ToList();
                foreach (var batch in due.Chunk(MaxBatch))
                {
                    await ExtendAsync(url, batch, timeout, now);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The loop has drained.
        }
    }

    private async Task ExtendAsync(string url, HeldMessage[] batch, TimeSpan timeout, DateTimeOffset now)
    {
        try
        {
            var response = await _queues.Client.ChangeMessageVisibilityBatchAsync(
                new ChangeMessageVisibilityBatchRequest
                {
                    QueueUrl = url,
                    Entries = batch.Select((h, i) => new ChangeMessageVisibilityBatchRequestEntry
                    {
                        Id = i.ToString(CultureInfo.InvariantCulture),
                        ReceiptHandle = h.Message.ReceiptHandle,
                        VisibilityTimeout = (int)timeout.TotalSeconds,
                    }).ToList(),
                });
            foreach (var held in batch)
            {
                _held.TryUpdate(held.Message.ReceiptHandle, held with { ExtendedAt = now }, held);
            }

            foreach (var failed in response.Failed ?? [])
            {
                _logger.LogWarning("Could not extend visibility of a held message on {Queue}: {Code} {Reason}", _queue, failed.Code, failed.Message);
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Visibility heartbeat on {Queue} failed; retrying on the next tick", _queue);
        }
    }

    private static async Task DelayQuietly(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private sealed record HeldMessage(Message Message, DateTimeOffset ExtendedAt);
}
