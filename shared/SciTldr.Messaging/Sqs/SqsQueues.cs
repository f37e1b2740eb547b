using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace SciTldr.Messaging.Sqs;

/// <summary>
/// Resolves queue URLs (with GetQueueUrl, never by hand, cached) and, in local mode, creates a queue
/// and its dead-letter queue with the redrive policy when they are missing.
/// </summary>
public sealed class SqsQueues
{
    private readonly IAmazonSQS _sqs;
    private readonly MessagingOptions _options;
    private readonly ILogger<SqsQueues> _logger;
    private readonly ResiliencePipeline _resilience;
    private readonly ConcurrentDictionary<string, string> _urls = new(StringComparer.Ordinal);

    public SqsQueues(IAmazonSQS sqs, IOptions<MessagingOptions> options, ILogger<SqsQueues> logger)
    {
        _sqs = sqs;
        _options = options.Value;
        _logger = logger;
        _resilience = TransientFaults.Create();
    }

    public MessagingOptions Options => _options;

    public IAmazonSQS Client => _sqs;

    public ResiliencePipeline Resilience => _resilience;

    /// <summary>The physical name of a logical queue (e.g. <c>transformation</c> → <c>scitldr-transformation</c>).</summary>
    public string PhysicalName(string logicalQueue) => QueueNames.Physical(_options.QueuePrefix, logicalQueue);

    /// <summary>The URL of a logical queue; creates it (and its DLQ) first in local mode.</summary>
    public async Task<string> GetUrlAsync(string logicalQueue, CancellationToken cancellationToken) =>
        await GetPhysicalUrlAsync(PhysicalName(logicalQueue), cancellationToken);

    /// <summary>The URL of the dead-letter queue of a logical queue.</summary>
    public async Task<string> GetDeadLetterUrlAsync(string logicalQueue, CancellationToken cancellationToken)
    {
        await GetUrlAsync(logicalQueue, cancellationToken);
        return await GetPhysicalUrlAsync(QueueNames.DeadLetter(PhysicalName(logicalQueue)), cancellationToken);
    }

    /// <summary>Forgets a cached URL, e.g. after the queue was reported missing (the emulator restarted without state).</summary>
    public void Forget(string logicalQueue)
    {
        var physical = PhysicalName(logicalQueue);
        _urls.TryRemove(physical, out _);
        _urls.TryRemove(QueueNames.DeadLetter(physical), out _);
    }

    private async Task<string> GetPhysicalUrlAsync(string physicalName, CancellationToken cancellationToken)
    {
        if (_urls.TryGetValue(physicalName, out var cached))
        {
            return cached;
        }

        var url = await _resilience.ExecuteAsync(
            async token =>
            {
                try
                {
                    return (await _sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = physicalName }, token)).QueueUrl;
                }
                catch (QueueDoesNotExistException) when (_options.CreateQueues)
                {
                    return await CreateAsync(physicalName, token);
                }
            },
            cancellationToken);
        _urls[physicalName] = url;
        return url;
    }

    private async Task<string> CreateAsync(string physicalName, CancellationToken cancellationToken)
    {
        var attributes = new Dictionary<string, string>
        {
            [QueueAttributeName.VisibilityTimeout] = _options.VisibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            [QueueAttributeName.MessageRetentionPeriod] = "1209600",
        };

        if (!physicalName.EndsWith(QueueNames.DeadLetterSuffix, StringComparison.Ordinal))
        {
            var dlqUrl = await GetPhysicalUrlAsync(QueueNames.DeadLetter(physicalName), cancellationToken);
            var dlqArn = (await _sqs.GetQueueAttributesAsync(
                new GetQueueAttributesRequest { QueueUrl = dlqUrl, AttributeNames = [QueueAttributeName.QueueArn] },
                cancellationToken)).QueueARN;
            attributes[QueueAttributeName.RedrivePolicy] = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["deadLetterTargetArn"] = dlqArn,
                ["maxReceiveCount"] = _options.MaxReceiveCount.ToString(CultureInfo.InvariantCulture),
            });
        }

        // CreateQueue is idempotent for identical attributes, so two services racing here both succeed.
        var response = await _sqs.CreateQueueAsync(
            new CreateQueueRequest { QueueName = physicalName, Attributes = attributes }, cancellationToken);
        _logger.LogInformation("Created queue {Queue}", physicalName);
        return response.QueueUrl;
    }
}
