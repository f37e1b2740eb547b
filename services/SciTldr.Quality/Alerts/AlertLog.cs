namespace SciTldr.Quality.Alerts;

/// <summary>
/// The log events of alerting. The webhook is only ever named by scheme and host
/// (<see cref="WebhookEndpoint.Redact"/>): its path and query are credentials.
/// </summary>
internal static partial class AlertLog
{
    [LoggerMessage(
        EventId = 7100,
        EventName = "QualityAlert",
        Message = "Quality alert: rule {RuleId} ({Severity}, {Kind}) in run {RunId}, split {Split}: observed {Observed}, threshold {Threshold}, {Failed} failed; report {ReportLink}. {Summary}")]
    public static partial void QualityAlert(
        ILogger logger,
        LogLevel level,
        string runId,
        string split,
        string ruleId,
        string severity,
        string kind,
        double? observed,
        double? threshold,
        long failed,
        string reportLink,
        string summary);

    [LoggerMessage(
        EventId = 7101,
        EventName = "QualityAlertAlreadyRaised",
        Level = LogLevel.Debug,
        Message = "Rule {RuleId} was already alerted for run {RunId} ({MarkerKey}); not alerting again")]
    public static partial void AlreadyRaised(ILogger logger, string ruleId, string runId, string markerKey);

    [LoggerMessage(
        EventId = 7102,
        EventName = "QualityAlertMarkerFailed",
        Level = LogLevel.Warning,
        Message = "Could not check or write the alert marker {MarkerKey}; alerting without deduplication")]
    public static partial void MarkerFailed(ILogger logger, Exception exception, string markerKey);

    [LoggerMessage(
        EventId = 7103,
        EventName = "QualityAlertDropped",
        Level = LogLevel.Warning,
        Message = "The alert queue is full ({Capacity}); dropped the webhook message of rule {RuleId} for run {RunId}")]
    public static partial void Dropped(ILogger logger, int capacity, string ruleId, string runId);

    [LoggerMessage(
        EventId = 7104,
        EventName = "QualityAlertQueueClosed",
        Level = LogLevel.Warning,
        Message = "Shutting down: the webhook message of rule {RuleId} for run {RunId} is not sent")]
    public static partial void QueueClosed(ILogger logger, string ruleId, string runId);

    [LoggerMessage(
        EventId = 7105,
        EventName = "QualityAlertWebhook",
        Level = LogLevel.Information,
        Message = "Quality alerts are posted to the webhook at {WebhookEndpoint}")]
    public static partial void WebhookOn(ILogger logger, string webhookEndpoint);

    [LoggerMessage(
        EventId = 7106,
        EventName = "QualityAlertDelivered",
        Level = LogLevel.Information,
        Message = "Alert of rule {RuleId} for run {RunId} delivered to {WebhookEndpoint} after {Attempts} attempt(s)")]
    public static partial void Delivered(ILogger logger, string ruleId, string runId, string webhookEndpoint, int attempts);

    [LoggerMessage(
        EventId = 7107,
        EventName = "QualityAlertRetrying",
        Level = LogLevel.Warning,
        Message = "Webhook {WebhookEndpoint} attempt {Attempt} for rule {RuleId} of run {RunId} failed ({Reason}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string webhookEndpoint, int attempt, string ruleId, string runId, string reason, TimeSpan delay);

    [LoggerMessage(
        EventId = 7108,
        EventName = "QualityAlertNotDelivered",
        Level = LogLevel.Error,
        Message = "Alert of rule {RuleId} for run {RunId} was not delivered to {WebhookEndpoint} after {Attempts} attempt(s): {Reason}")]
    public static partial void NotDelivered(ILogger logger, string ruleId, string runId, string webhookEndpoint, int attempts, string reason);

    [LoggerMessage(
        EventId = 7109,
        EventName = "QualityAlertUndeliveredAtShutdown",
        Level = LogLevel.Error,
        Message = "Shutting down after {ShutdownFlush}: alert of rule {RuleId} for run {RunId} was not delivered to {WebhookEndpoint}")]
    public static partial void UndeliveredAtShutdown(ILogger logger, TimeSpan shutdownFlush, string ruleId, string runId, string webhookEndpoint);

    [LoggerMessage(
        EventId = 7110,
        EventName = "QualityAlertMarkerUnnameable",
        Level = LogLevel.Warning,
        Message = "Rule {RuleId} of run {RunId} cannot name an alert marker ({Reason}); alerting without deduplication")]
    public static partial void MarkerUnnameable(ILogger logger, string ruleId, string runId, string reason);
}
