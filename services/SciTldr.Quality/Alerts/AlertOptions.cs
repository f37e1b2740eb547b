using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace SciTldr.Quality.Alerts;

/// <summary>Settings of the <c>Quality:Alerts</c> configuration section.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Quality:Alerts";
    public const string WebhookUrlSetting = SectionName + ":" + nameof(WebhookUrl);

    /// <summary>
    /// A Slack-compatible incoming webhook (absolute http or https URL); no webhook messages when empty.
    /// Its path and query are a secret (Slack puts the token there), so only its scheme and host are ever logged.
    /// </summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Attempts per webhook message, the first included.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; it doubles per attempt, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of a single retry delay, a Retry-After answer included.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take before it counts as failed (and is retried).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Webhook messages waiting to be sent; when full, the oldest is dropped (with a warning and a metric).</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>How long shutdown waits for queued webhook messages before it gives up on them.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ShutdownFlush { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The parsed <see cref="WebhookUrl"/>; null when alerts go to logs and metrics only.</summary>
    internal Uri? Webhook =>
        string.IsNullOrWhiteSpace(WebhookUrl) ? null : WebhookEndpoint.TryParse(WebhookUrl, out var uri) ? uri : null;
}

/// <summary>Checks what data annotations cannot; never repeats the webhook URL, which is a secret.</summary>
internal sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.WebhookUrl) && !WebhookEndpoint.TryParse(options.WebhookUrl, out _))
        {
            failures.Add($"{AlertOptions.WebhookUrlSetting} must be an absolute http or https URL (or empty to send no webhook messages)");
        }

        if (options.MaxRetryDelay < options.FirstRetryDelay)
        {
            failures.Add($"{AlertOptions.SectionName}:{nameof(AlertOptions.MaxRetryDelay)} must not be shorter than {AlertOptions.SectionName}:{nameof(AlertOptions.FirstRetryDelay)}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
