using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using SciTldr.Domain.Quality;
using SciTldr.Lake;

namespace SciTldr.Quality.Alerts;

/// <summary>
/// Raises each rule's alert once per run: a marker in the lake (<see cref="LakeLayout.QualityAlertKey"/>) is
/// checked and written first, then the alert is logged, counted and queued for the webhook.
/// </summary>
/// <remarks>
/// The lake offers no conditional put (the emulator has none), so the marker is check-then-write: two tasks
/// that find the same rule failing at the same moment can both pass the check, and then at worst two alerts
/// are sent. A crash between writing the marker and queueing the message loses the webhook copy (the
/// marker, holding the alert, remains). When the lake cannot be reached the alert is raised without the
/// marker: a duplicate is better than silence.
/// </remarks>
internal sealed class QualityAlerts : IQualityAlerts
{
    // NaN and infinities are possible observations (a mean over nothing); plain JSON cannot carry them.
    internal static readonly JsonSerializerOptions MarkerJsonOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly S3Lake _lake;
    private readonly AlertQueue _queue;
    private readonly AlertMetrics _metrics;
    private readonly bool _webhookOn;
    private readonly ILogger<QualityAlerts> _logger;

    public QualityAlerts(S3Lake lake, AlertQueue queue, AlertMetrics metrics, IOptions<AlertOptions> options, ILogger<QualityAlerts> logger)
    {
        _lake = lake;
        _queue = queue;
        _metrics = metrics;
        _webhookOn = options.Value.Webhook is not null;
        _logger = logger;
    }

    public async Task RaiseAsync(QualityAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (MarkerKey(alert) is { } markerKey && !await ClaimAsync(markerKey, alert, cancellationToken))
        {
            AlertLog.AlreadyRaised(_logger, alert.RuleId, alert.RunId, markerKey);
            return;
        }

        var reportLink = ReportLink(alert.ReportKey);
        AlertLog.QualityAlert(
            _logger,
            IsError(alert) ? LogLevel.Error : LogLevel.Warning,
            alert.RunId,
            alert.Split,
            alert.RuleId,
            alert.Severity,
            alert.Kind,
            alert.Observed,
            alert.Threshold,
            alert.Failed,
            reportLink ?? "none",
            alert.Summary);
        _metrics.Raised(alert);
        if (_webhookOn)
        {
            _queue.Enqueue(new AlertDelivery(alert, reportLink));
        }
    }

    // Rule ids come from an editable ruleset: one that cannot name a file must not stop the alert (nor the pipeline).
    private string? MarkerKey(QualityAlert alert)
    {
        try
        {
            return LakeLayout.QualityAlertKey(alert.RunId, alert.RuleId);
        }
        catch (InvalidLakeKeyException e)
        {
            AlertLog.MarkerUnnameable(_logger, alert.RuleId, alert.RunId, e.Reason);
            return null;
        }
    }

    /// <summary>False when the marker exists (the alert went out before); otherwise writes it and returns true.</summary>
    private async Task<bool> ClaimAsync(string markerKey, QualityAlert alert, CancellationToken cancellationToken)
    {
        try
        {
            if (await _lake.ExistsAsync(markerKey, cancellationToken))
            {
                return false;
            }

            await _lake.PutJsonAsync(markerKey, alert, MarkerJsonOptions, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            AlertLog.MarkerFailed(_logger, e, markerKey);
        }

        return true;
    }

    private string? ReportLink(string? reportKey)
    {
        if (string.IsNullOrEmpty(reportKey))
        {
            return null;
        }

        try
        {
            return _lake.LocationOf(reportKey).ToString();
        }
        catch (InvalidLakeKeyException)
        {
            return reportKey;
        }
    }

    private static bool IsError(QualityAlert alert) =>
        string.Equals(alert.Severity, RuleSeverity.Error.ToWireName(), StringComparison.OrdinalIgnoreCase);
}
