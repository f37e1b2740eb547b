namespace SciTldr.Quality.Alerts;

/// <summary>Raises data-quality alerts: a structured log event, a metric, and (when configured) a webhook message.</summary>
public interface IQualityAlerts
{
    /// <summary>
    /// Raises <paramref name="alert"/> unless its rule was already alerted for its run (a marker in the lake
    /// says so). The webhook message is only queued: the call never waits for, nor fails because of, the webhook.
    /// </summary>
    Task RaiseAsync(QualityAlert alert, CancellationToken cancellationToken);
}
