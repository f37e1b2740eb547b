using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SciTldr.Ingestion.Sources;

/// <summary>
/// The requests for one source and their policy: every GET (the first and each resume) waits at most
/// <see cref="HttpSourceOptions.ConnectTimeout"/> for its headers, and a failure streak is retried with
/// exponential backoff and jitter for up to <see cref="HttpSourceOptions.MaxAttempts"/> attempts.
/// </summary>
/// <remarks>
/// Built per source rather than per reader so that the retry log can say which source and which byte it is
/// about without threading that through Polly's context. A source is opened once per run; the cost is nil.
/// </remarks>
internal sealed class HttpSourceConnection
{
    private readonly HttpClient _client;
    private readonly HttpSourceOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _connectTimeout;

    public HttpSourceConnection(HttpClient client, Uri address, HttpSourceOptions options, ILogger logger, TimeProvider time)
    {
        _client = client;
        _options = options;
        _logger = logger;
        _time = time;
        Address = address;
        DisplayAddress = Display(address);
        _connectTimeout = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.ConnectTimeout })
            .Build();
        Retry = options.MaxAttempts > 1
            ? new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(CreateRetryOptions()).Build()
            : ResiliencePipeline.Empty;
    }

    /// <summary>The address asked for; resumes ask for it again, so redirects to short-lived URLs are followed afresh.</summary>
    public Uri Address { get; }

    /// <summary>The address for messages and logs: without user info or query, which may hold credentials.</summary>
    public string DisplayAddress { get; }

    public HttpSourceOptions Options => _options;

    public TimeProvider Time => _time;

    public ILogger Logger => _logger;

    /// <summary>Retries a failure streak; its callbacks count their attempts in <see cref="Attempts"/>.</summary>
    public ResiliencePipeline Retry { get; }

    /// <summary>Attempts made in the current streak: the first try and its retries.</summary>
    public int Attempts { get; set; }

    /// <summary>Where the body stopped when a streak is about a resume; null while the source is being opened.</summary>
    public long? ResumePosition { get; set; }

    /// <summary>Opens the source: the first response whose status says the body follows, after retries.</summary>
    public async Task<HttpResponseMessage> OpenAsync(CancellationToken cancellationToken)
    {
        Attempts = 0;
        ResumePosition = null;
        try
        {
            return await Retry.ExecuteAsync(
                static async (connection, token) =>
                {
                    connection.Attempts++;
                    var response = await connection.SendAsync(range: null, token);
                    if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NonAuthoritativeInformation)
                    {
                        return response;
                    }

                    using (response)
                    {
                        throw connection.StatusFailure(response);
                    }
                },
                this,
                cancellationToken);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw Exhausted(exception);
        }
    }

    /// <summary>
    /// One GET until its headers, without judging the status. With <paramref name="range"/> it asks for the
    /// bytes from an offset on, on condition (<c>If-Range</c>) that the representation is still the same.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync((long From, string IfRange)? range, CancellationToken cancellationToken) =>
        await _connectTimeout.ExecuteAsync(
            static async (state, token) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, state.Connection.Address);
                if (state.Range is { } range)
                {
                    request.Headers.Range = new RangeHeaderValue(range.From, to: null);
                    request.Headers.TryAddWithoutValidation("If-Range", range.IfRange);
                }

                return await state.Connection._client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            },
            (Connection: this, Range: range),
            cancellationToken);

    /// <summary>
    /// The failure a status that does not deliver the body means: worth another attempt (408, 429, 5xx) or final.
    /// </summary>
    public Exception StatusFailure(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var answer = $"{status} {response.ReasonPhrase}";
        if (response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || status >= 500)
        {
            return new TransientSourceException(answer, RetryAfter(response));
        }

        var meaning = response.StatusCode switch
        {
            HttpStatusCode.NotFound => " (the source does not exist)",
            HttpStatusCode.Gone => " (the source was removed)",
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => " (access to the source is denied)",
            _ when status is >= 300 and < 400 => " (a redirect the HTTP client did not follow)",
            _ when status is >= 200 and < 300 => " (not an answer that carries the source)",
            _ => string.Empty,
        };
        return new SourceUnavailableException($"GET {DisplayAddress} failed: {answer}{meaning}");
    }

    /// <summary>The final failure of a streak whose attempts all failed transiently.</summary>
    public SourceUnavailableException Exhausted(Exception last)
    {
        var attempts = Attempts == 1 ? "1 attempt" : $"{Attempts} attempts";
        var where = ResumePosition is { } position ? $" at byte {position}" : string.Empty;
        return new SourceUnavailableException($"GET {DisplayAddress} failed{where} after {attempts}: {Describe(last)}", last);
    }

    /// <summary>Whether another attempt may succeed. The caller's own cancellation never is.</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        TransientSourceException or TimeoutRejectedException => true,
        HttpRequestException => true,
        IOException => true,
        TaskCanceledException { InnerException: TimeoutException } => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    public string Describe(Exception exception) => exception switch
    {
        TransientSourceException => exception.Message,
        TimeoutRejectedException => $"no response within {Format(_options.ConnectTimeout)}",
        TaskCanceledException => "the HTTP client's own timeout elapsed",
        HttpRequestException { InnerException: { } inner } when !exception.Message.Contains(inner.Message, StringComparison.Ordinal) =>
            $"{exception.Message} ({inner.Message})",
        _ => exception.Message,
    };

    public static string Format(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1) ? $"{duration.TotalMilliseconds:0} ms" : $"{duration.TotalSeconds:0.###} s";

    private RetryStrategyOptions CreateRetryOptions() => new()
    {
        MaxRetryAttempts = _options.MaxAttempts - 1,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = _options.FirstRetryDelay,
        MaxDelay = _options.MaxRetryDelay,
        ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Exception is { } exception && IsTransient(exception, args.Context.CancellationToken)),

        // MaxDelay does not apply to generated delays, so the server's wish is capped here.
        DelayGenerator = args => ValueTask.FromResult(
            args.Outcome.Exception is TransientSourceException { RetryAfter: { } wait }
                ? (TimeSpan?)(wait < _options.MaxRetryDelay ? wait : _options.MaxRetryDelay)
                : null),
        OnRetry = args =>
        {
            var reason = args.Outcome.Exception is { } exception ? Describe(exception) : "unknown";
            if (ResumePosition is { } position)
            {
                _logger.LogWarning(
                    "GET {Address} interrupted at byte {Position} (attempt {Attempt} of {MaxAttempts}): {Reason}; resuming in {Delay}",
                    DisplayAddress,
                    position,
                    args.AttemptNumber + 1,
                    _options.MaxAttempts,
                    reason,
                    args.RetryDelay);
            }
            else
            {
                _logger.LogWarning(
                    "GET {Address} attempt {Attempt} of {MaxAttempts} failed: {Reason}; retrying in {Delay}",
                    DisplayAddress,
                    args.AttemptNumber + 1,
                    _options.MaxAttempts,
                    reason,
                    args.RetryDelay);
            }

            return ValueTask.CompletedTask;
        },
    };

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > _time.GetUtcNow() ? date - _time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    private static string Display(Uri address)
    {
        var shown = address.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return string.IsNullOrEmpty(address.Query) ? shown : shown + "?...";
    }
}
