using System.Diagnostics.Metrics;
using SciTldr.Quality.Alerts;
using SciTldr.Testing;

namespace SciTldr.Quality.Tests.Alerts;

[Collection(EmulatorCollection.Name)]
public sealed class AlertMetricsTests(EmulatorFixture fixture)
{
    private sealed record Measurement(string Instrument, long Value, IReadOnlyDictionary<string, object?> Tags);

    [Fact]
    public async Task Raising_an_alert_counts_it_by_rule_severity_split_and_kind()
    {
        await using var harness = await AlertHarness.StartAsync(webhook: null, await AlertHarness.NewLakeWithBucketAsync(fixture.Emulator));
        using var listener = Listen(harness.MeterFactory, out var measurements);

        await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-metric", "tldr_words_drift", split: "test") with { Severity = "warning", Kind = "drift" }, CancellationToken.None);
        await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-metric", "tldr_words_drift", split: "test"), CancellationToken.None);

        var counted = Assert.Single(measurements);
        Assert.Equal((AlertMetrics.AlertsCounterName, 1L), (counted.Instrument, counted.Value));
        Assert.Equal("tldr_words_drift", counted.Tags["rule"]);
        Assert.Equal("warning", counted.Tags["severity"]);
        Assert.Equal("test", counted.Tags["split"]);
        Assert.Equal("drift", counted.Tags["kind"]);
    }

    [Fact]
    public async Task A_full_queue_drops_the_oldest_message_with_a_warning_and_a_count()
    {
        var settings = new Dictionary<string, string?> { ["Quality:Alerts:QueueCapacity"] = "1" };
        await using var harness = await AlertHarness.StartAsync(
            WebhookServer.DeadUrl("/hook"),
            await AlertHarness.NewLakeWithBucketAsync(fixture.Emulator),
            settings,
            startSender: false);
        using var listener = Listen(harness.MeterFactory, out var measurements);

        foreach (var rule in new[] { "rule_a", "rule_b", "rule_c" })
        {
            await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-full", rule), CancellationToken.None);
        }

        Assert.Equal(1, harness.Queue.Count);
        Assert.True(harness.Queue.Reader.TryRead(out var kept));
        Assert.Equal("rule_c", kept.Alert.RuleId);
        var dropped = measurements.Where(m => m.Instrument == AlertMetrics.DroppedCounterName).ToList();
        Assert.Equal(["rule_a", "rule_b"], dropped.Select(m => m.Tags["rule"]));
        Assert.Equal(2, harness.Logs.Named("QualityAlertDropped").Count);
        Assert.Equal(3, measurements.Count(m => m.Instrument == AlertMetrics.AlertsCounterName));
    }

    private static MeterListener Listen(IMeterFactory factory, out List<Measurement> measurements)
    {
        var recorded = new List<Measurement>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Meter.Name == AlertMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tagMap = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                tagMap[tag.Key] = tag.Value;
            }

            lock (recorded)
            {
                recorded.Add(new Measurement(instrument.Name, value, tagMap));
            }
        });
        listener.Start();
        measurements = recorded;
        return listener;
    }
}
