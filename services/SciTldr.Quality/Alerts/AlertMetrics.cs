using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SciTldr.Quality.Alerts;

/// <summary>
/// The alert counters a CloudWatch alarm can watch (exported over OTLP by the service defaults, which
/// listen to every <c>SciTldr.*</c> meter).
/// </summary>
internal sealed class AlertMetrics
{
    public const string MeterName = "SciTldr.Quality";
    public const string AlertsCounterName = "scitldr.quality.alerts";
    public const string DroppedCounterName = "scitldr.quality.alerts_dropped";

    public const string RuleTag = "rule";
    public const string SeverityTag = "severity";
    public const string SplitTag = "split";
    public const string KindTag = "kind";

    private readonly Counter<long> _alerts;
    private readonly Counter<long> _dropped;

    public AlertMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _alerts = meter.CreateCounter<long>(AlertsCounterName, "{alert}", "Data-quality alerts raised (one per rule per run).");
        _dropped = meter.CreateCounter<long>(DroppedCounterName, "{alert}", "Webhook messages dropped because the alert queue was full.");
    }

    public void Raised(QualityAlert alert) => _alerts.Add(1, Tags(alert));

    public void Dropped(QualityAlert alert) => _dropped.Add(1, Tags(alert));

    private static TagList Tags(QualityAlert alert) => new()
    {
        { RuleTag, alert.RuleId },
        { SeverityTag, alert.Severity },
        { SplitTag, alert.Split },
        { KindTag, alert.Kind },
    };
}
