using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Polly;

namespace SciTldr.Quality.Alerts;

/// <summary>
/// Drains the <see cref="AlertQueue"/> into the webhook, one message at a time, each with its retries.
/// On shutdown it gets <see cref="AlertOptions.ShutdownFlush"/> to send what is queued, then gives up and logs
/// every alert that was not delivered. Nothing it meets (a dead webhook, a refusal) ever reaches the pipeline.
/// </summary>
internal sealed class WebhookSender : BackgroundService
{
    private readonly AlertQueue _queue;
    private readonly AlertOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<WebhookSender> _logger;
    private readonly Uri? _webhook;
    private readonly string _endpoint;
    private readonly CancellationTokenSource _abort = new();
    private readonly HttpClient? _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public WebhookSender(AlertQueue queue, IOptions<AlertOptions> options, TimeProvider clock, ILogger<WebhookSender> logger)
    {
        _queue = queue;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _webhook = _options.Webhook;
        _endpoint = _webhook is null ? "(none)" : WebhookEndpoint.Redact(_webhook);
        _pipeline = ResiliencePipeline<HttpResponseMessage>.Empty;
        if (_webhook is null)
        {
            return;
        }

        // Our own client rather than IHttpClientFactory: the factory's request logging would print the whole
        // URL, and the path of a webhook URL is its secret. Polly owns the timeouts, so the client has none.
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = _options.AttemptTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _pipeline = WebhookResilience.Create(_options, clock, OnRetry);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_webhook is null)
        {
            return;
        }

        AlertLog.WebhookOn(_logger, _endpoint);
        var reader = _queue.Reader;

        // Not stoppingToken: shutdown first closes the queue and lets this loop drain it; _abort ends it early.
        try
        {
            while (await reader.WaitToReadAsync(_abort.Token))
            {
                while (!_abort.IsCancellationRequested && reader.TryRead(out var delivery))
                {
                    await DeliverAsync(delivery, _abort.Token);
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
        }

        while (reader.TryRead(out var left))
        {
            AlertLog.UndeliveredAtShutdown(_logger, _options.ShutdownFlush, left.Alert.RuleId, left.Alert.RunId, _endpoint);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Close();
        if (ExecuteTask is { IsCompleted: false } running)
        {
            try
            {
                await running.WaitAsync(_options.ShutdownFlush, _clock, cancellationToken);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                await _abort.CancelAsync();
                await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        _http?.Dispose();
        base.Dispose();
    }

    private async Task DeliverAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        var alert = delivery.Alert;
        var attempts = 0;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(WebhookResilience.AlertProperty, alert);
        try
        {
            var body = SlackMessage.Serialize(delivery);
            using var response = await _pipeline.ExecuteAsync(
                async attempt =>
                {
                    attempts++;
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    using var request = new HttpRequestMessage(HttpMethod.Post, _webhook) { Content = content };
                    // The webhook URL is a secret: its calls are left out of traces.
                    request.Options.Set(ServiceDefaults.HttpTracing.Untraced, true);
                    return await _http!.SendAsync(request, attempt.CancellationToken);
                },
                context);

            if (response.IsSuccessStatusCode)
            {
                AlertLog.Delivered(_logger, alert.RuleId, alert.RunId, _endpoint, attempts);
            }
            else
            {
                var reason = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}"
                             + (WebhookResilience.IsTransient(response.StatusCode) ? string.Empty : " (not retried: the request itself was refused)");
                AlertLog.NotDelivered(_logger, alert.RuleId, alert.RunId, _endpoint, attempts, reason);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AlertLog.UndeliveredAtShutdown(_logger, _options.ShutdownFlush, alert.RuleId, alert.RunId, _endpoint);
        }
        catch (Exception e)
        {
            // Whatever went wrong stays here: a faulted background service would stop the host. Exception
            // messages name at most the host and port; the URL's path never appears in them.
            AlertLog.NotDelivered(_logger, alert.RuleId, alert.RunId, _endpoint, attempts, $"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private void OnRetry(QualityAlert? alert, int failedAttempt, string reason, TimeSpan delay) =>
        AlertLog.Retrying(_logger, _endpoint, failedAttempt, alert?.RuleId ?? "?", alert?.RunId ?? "?", reason, delay);
}
