using System.Globalization;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace SciTldr.ServiceDefaults;

/// <summary>
/// Writes metrics as CloudWatch Embedded Metric Format lines (one JSON object per metric point) to
/// standard output, where the awslogs driver sends them to CloudWatch Logs and CloudWatch turns them into
/// metrics: metrics in AWS without a CloudWatch SDK or a collector. Counters are exported as deltas (the
/// amount since the last export); histograms as <c>.count</c>, <c>.sum</c>, <c>.min</c> and <c>.max</c>.
/// Every tag of a point, and the service, becomes a dimension.
/// </summary>
public sealed class EmfMetricExporter : BaseExporter<Metric>
{
    private readonly string _namespace;
    private readonly string _service;
    private readonly TextWriter _output;

    public EmfMetricExporter(string metricNamespace, string service, TextWriter? output = null)
    {
        _namespace = metricNamespace;
        _service = service;
        _output = output ?? Console.Out;
    }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        foreach (var metric in batch)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var dimensions = new Dictionary<string, string>(StringComparer.Ordinal) { ["service"] = _service };
                foreach (var tag in point.Tags)
                {
                    dimensions[tag.Key] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
                }

                var values = new Dictionary<string, double>(StringComparer.Ordinal);
                switch (metric.MetricType)
                {
                    case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                        values[metric.Name] = point.GetSumLong();
                        break;
                    case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                        values[metric.Name] = point.GetSumDouble();
                        break;
                    case MetricType.LongGauge:
                        values[metric.Name] = point.GetGaugeLastValueLong();
                        break;
                    case MetricType.DoubleGauge:
                        values[metric.Name] = point.GetGaugeLastValueDouble();
                        break;
                    case MetricType.Histogram:
                        values[metric.Name + ".count"] = point.GetHistogramCount();
                        values[metric.Name + ".sum"] = point.GetHistogramSum();
                        if (point.TryGetHistogramMinMaxValues(out var min, out var max))
                        {
                            values[metric.Name + ".min"] = min;
                            values[metric.Name + ".max"] = max;
                        }

                        break;
                    default:
                        continue;
                }

                Write(point.EndTime, dimensions, values, Unit(metric.Unit));
            }
        }

        return ExportResult.Success;
    }

    private void Write(DateTimeOffset at, Dictionary<string, string> dimensions, Dictionary<string, double> values, string unit)
    {
        var document = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["_aws"] = new Dictionary<string, object>
            {
                ["Timestamp"] = at.ToUnixTimeMilliseconds(),
                ["CloudWatchMetrics"] = new[]
                {
                    new Dictionary<string, object>
                    {
                        ["Namespace"] = _namespace,
                        ["Dimensions"] = new[] { dimensions.Keys.ToArray() },
                        ["Metrics"] = values.Keys.Select(name => new Dictionary<string, string> { ["Name"] = name, ["Unit"] = name.EndsWith(".count", StringComparison.Ordinal) ? "Count" : unit }).ToArray(),
                    },
                },
            },
        };
        foreach (var (key, value) in dimensions)
        {
            document[key] = value;
        }

        foreach (var (name, value) in values)
        {
            document[name] = value;
        }

        var line = JsonSerializer.Serialize(document);
        lock (_output)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }

    /// <summary>The CloudWatch unit of an OpenTelemetry (UCUM) unit.</summary>
    public static string Unit(string? unit) => unit switch
    {
        "ms" => "Milliseconds",
        "s" => "Seconds",
        "By" => "Bytes",
        _ => "Count",
    };
}
