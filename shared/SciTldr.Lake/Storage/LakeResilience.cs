using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace SciTldr.Lake;

/// <summary>
/// The retry policy of every S3 call: transient faults (network errors, 5xx, throttling, the endpoint being
/// down for a moment) are retried with exponential backoff and jitter; client errors (4xx such as NoSuchKey or
/// AccessDenied) are not, because repeating the same request cannot change their answer.
/// </summary>
public static class LakeResilience
{
    private static readonly HashSet<string> TransientErrorCodes = new(StringComparer.Ordinal)
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException",
        "SlowDown",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "ProvisionedThroughputExceededException",
        "RequestTimeout",
        "RequestTimeoutException",
        "InternalError",
        "ServiceUnavailable",
        "PriorRequestNotComplete",
    };

    public static ResiliencePipeline CreatePipeline(LakeOptions options, ILogger? logger = null)
    {
        if (options.MaxRetryAttempts <= 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                OnRetry = args =>
                {
                    logger?.LogWarning(
                        args.Outcome.Exception,
                        "Transient S3 fault on attempt {Attempt}; retrying in {Delay}",
                        args.AttemptNumber + 1,
                        args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>True when repeating the same request may succeed.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                // A service answer decides by itself: its status code says whether the fault was ours.
                case AmazonServiceException service when service.StatusCode != 0:
                    return IsTransientServiceAnswer(service);
                case AmazonServiceException service when service.ErrorCode is { } code && TransientErrorCodes.Contains(code):
                    return true;
                case HttpRequestException:
                case SocketException:
                case TimeoutException:
                    return true;

                // Local file problems are IOExceptions too, but no retry will create a missing file.
                case FileNotFoundException:
                case DirectoryNotFoundException:
                case PathTooLongException:
                    return false;
                case IOException:
                    return true;
            }
        }

        return false;
    }

    private static bool IsTransientServiceAnswer(AmazonServiceException exception)
    {
        var status = (int)exception.StatusCode;
        return status >= 500
            || exception.StatusCode == HttpStatusCode.TooManyRequests
            || exception.StatusCode == HttpStatusCode.RequestTimeout
            || (exception.ErrorCode is { } code && TransientErrorCodes.Contains(code));
    }
}
