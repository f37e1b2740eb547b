using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Polly;
using Polly.Retry;

namespace SciTldr.Messaging.Sqs;

/// <summary>
/// Which AWS faults are worth retrying (throttling, 5xx, the endpoint being briefly unreachable, as
/// while the emulator restarts) and the Polly pipeline that retries them. 4xx faults are final.
/// </summary>
public static class TransientFaults
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "SlowDown", "RequestThrottled", "EC2ThrottledException",
        "AWS.SimpleQueueService.RequestThrottled", "RequestTimeout", "RequestTimeoutException",
        "InternalError", "InternalFailure", "ServiceUnavailable",
    };

    public static bool IsTransient(Exception exception) => exception switch
    {
        AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError } => true,
        AmazonServiceException { StatusCode: HttpStatusCode.TooManyRequests } => true,
        AmazonServiceException service when service.ErrorCode is not null && ThrottlingCodes.Contains(service.ErrorCode) => true,
        AmazonServiceException { StatusCode: 0, InnerException: { } inner } => IsTransient(inner),
        AmazonClientException { InnerException: { } inner } => IsTransient(inner),
        HttpRequestException => true,
        SocketException => true,
        IOException => true,
        TimeoutException => true,
        _ when exception.InnerException is { } inner && exception is not AmazonServiceException => IsTransient(inner),
        _ => false,
    };

    /// <summary>A pipeline retrying transient faults with exponential backoff and jitter.</summary>
    public static ResiliencePipeline Create(int maxRetries = 6, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay ?? TimeSpan.FromMilliseconds(200),
                MaxDelay = maxDelay ?? TimeSpan.FromSeconds(5),
            })
            .Build();
}
