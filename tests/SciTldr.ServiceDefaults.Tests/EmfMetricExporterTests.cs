using System.Diagnostics.Metrics;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using SciTldr.Domain.Runs;
using SciTldr.Messaging.Sqs;
using SciTldr.Runs;

namespace SciTldr.ServiceDefaults.Tests;

/// <summary>CloudWatch Embedded Metric Format lines from the platform's meters.</summary>
public sealed class EmfMetricExporterTests
{
    [Fact]
    public void Stage_and_messaging_metrics_become_emf_lines_with_their_tags_as_dimensions()
    {
        using var output = new StringWriter();
        using var reader = new BaseExportingMetricReader(new EmfMetricExporter("SciTLDR", "scitldr-quality", output))
        {
            TemporalityPreference = MetricReaderTemporalityPreference.Delta,
        };
        using (var provider = Sdk.CreateMeterProviderBuilder().AddMeter(StageMetrics.MeterName, MessagingMetrics.MeterName).AddReader(reader).Build())
        {
            StageMetrics.Record("dev", new IngestionCounts(10, 7, 2, 1, new Dictionary<string, long> { ["malformed_json"] = 2 }), TimeSpan.FromSeconds(1.5));
            MessagingMetrics.Received("quality", "CheckPartition", receiveCount: 2, lag: TimeSpan.FromMilliseconds(40));
            MessagingMetrics.Done("quality", "CheckPartition", MessagingMetrics.Succeeded, TimeSpan.FromMilliseconds(12));
            provider.ForceFlush();
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        var recordsIn = lines.Single(l => l.TryGetProperty("scitldr.records.in", out _));
        Assert.Equal(10, recordsIn.GetProperty("scitldr.records.in").GetDouble());
        Assert.Equal(("ingestion", "dev", "scitldr-quality"), (recordsIn.GetProperty("stage").GetString(), recordsIn.GetProperty("split").GetString(), recordsIn.GetProperty("service").GetString()));
        var directive = recordsIn.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("SciTLDR", directive.GetProperty("Namespace").GetString());
        Assert.Equal(["service", "split", "stage"], directive.GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("scitldr.records.in", directive.GetProperty("Metrics")[0].GetProperty("Name").GetString());
        Assert.True(recordsIn.GetProperty("_aws").GetProperty("Timestamp").GetInt64() > 0);

        Assert.Equal(2, lines.Single(l => l.TryGetProperty("scitldr.records.quarantined", out _)).GetProperty("scitldr.records.quarantined").GetDouble());
        Assert.Equal(1, lines.Single(l => l.TryGetProperty("scitldr.messages.redelivered", out _)).GetProperty("scitldr.messages.redelivered").GetDouble());
        var handled = lines.Single(l => l.TryGetProperty("scitldr.messages.handled", out _));
        Assert.Equal(("succeeded", "CheckPartition", "quality"), (handled.GetProperty("outcome").GetString(), handled.GetProperty("message_type").GetString(), handled.GetProperty("queue").GetString()));
        var lag = lines.Single(l => l.TryGetProperty("scitldr.messages.lag.count", out _));
        Assert.Equal((1.0, 40.0), (lag.GetProperty("scitldr.messages.lag.count").GetDouble(), lag.GetProperty("scitldr.messages.lag.sum").GetDouble()));
        Assert.Contains(lag.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray(),
            m => m.GetProperty("Name").GetString() == "scitldr.messages.lag.sum" && m.GetProperty("Unit").GetString() == "Milliseconds");
    }

    [Theory]
    [InlineData("ms", "Milliseconds")]
    [InlineData("s", "Seconds")]
    [InlineData("{record}", "Count")]
    [InlineData(null, "Count")]
    public void Units_map_to_cloudwatch_units(string? unit, string expected) => Assert.Equal(expected, EmfMetricExporter.Unit(unit));
}
