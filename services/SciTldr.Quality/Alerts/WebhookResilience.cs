using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SciTldr.Quality.Alerts;

/// <summary>
/// The retry policy of webhook messages: connection errors, timeouts, 408, 429 and 5xx are retried with
/// exponential backoff and jitter (a Retry-After answer sets the delay instead, capped at the maximum);
/// any other 4xx is final, because sending the same body again cannot change the answer.
/// </summary>
internal static class WebhookResilience
{
    /// <summary>The alert a pipeline execution sends, so the retry callback can name it.</summary>
    public static readonly ResiliencePropertyKey<QualityAlert> AlertProperty = new("scitldr.quality.alert");

    /// <summary>Told of every failed attempt that will be retried.</summary>
    public delegate void RetryObserver(QualityAlert? alert, int failedAttempt, string reason, TimeSpan delay);

    public static ResiliencePipeline<HttpResponseMessage> Create(AlertOptions options, TimeProvider clock, RetryObserver onRetry)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstRetryDelay,
                MaxDelay = options.MaxRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, clock, options.MaxRetryDelay)),
                OnRetry = args =>
                {
                    var alert = args.Context.Properties.TryGetValue(AlertProperty, out var value) ? value : null;
                    onRetry(alert, args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        // Inside the retry, so each attempt gets its own timeout and a timed-out attempt is retried.
        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Exception: null, Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The server's Retry-After (seconds or a date), capped at <paramref name="max"/>; null to use the backoff.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider clock, TimeSpan max)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - clock.GetUtcNow(),
            _ => null,
        };
        return wait is { } value ? TimeSpan.FromTicks(Math.Clamp(value.Ticks, 0, max.Ticks)) : null;
    }

    public static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException timeout } => $"no answer within {timeout.Timeout}",
        { Exception: { } exception } => $"{exception.GetType().Name}: {exception.Message}",
        { Result: { } response } => $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}",
        _ => "no outcome",
    };
}
