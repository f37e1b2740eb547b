using System.Text.Json;
using SciTldr.Lake;
using SciTldr.Testing;

namespace SciTldr.Quality.Tests.Alerts;

[Collection(EmulatorCollection.Name)]
public sealed class AlertDeduplicationTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task The_same_alert_raised_twice_sends_one_message_and_writes_one_marker()
    {
        await using var webhook = new WebhookServer();
        await using var harness = await AlertHarness.StartAsync(webhook.Url("/hook"), await AlertHarness.NewLakeWithBucketAsync(fixture.Emulator));
        var alert = AlertHarness.Alert("run-twice", "rouge_range");

        await harness.Alerts.RaiseAsync(alert, CancellationToken.None);
        await harness.Alerts.RaiseAsync(alert with { Failed = 7 }, CancellationToken.None);

        // The queue is sent in order: once this later alert has arrived, a second copy of the first would have too.
        await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-twice", "tldr_nonempty"), CancellationToken.None);
        var requests = await webhook.WaitForRequestsAsync(2);
        await harness.Logs.WaitForAsync("QualityAlertDelivered", 2);

        Assert.Single(requests, r => r.Body.Contains("rouge_range", StringComparison.Ordinal));
        Assert.Equal(2, webhook.Requests.Count);
        Assert.Equal(2, harness.Logs.Named("QualityAlert").Count);
        Assert.Single(harness.Logs.Named("QualityAlertAlreadyRaised"));
        var markers = await harness.Lake.ListKeysAsync(LakeLayout.QualityRunPrefix("run-twice")).ToListAsync();
        Assert.Equal(
            [LakeLayout.QualityAlertKey("run-twice", "rouge_range"), LakeLayout.QualityAlertKey("run-twice", "tldr_nonempty")],
            markers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_second_quality_task_sharing_the_lake_does_not_alert_again()
    {
        await using var webhook = new WebhookServer();
        var lake = await AlertHarness.NewLakeWithBucketAsync(fixture.Emulator);
        await using var first = await AlertHarness.StartAsync(webhook.Url("/hook"), lake);
        await using var second = await AlertHarness.StartAsync(webhook.Url("/hook"), lake);

        await first.Alerts.RaiseAsync(AlertHarness.Alert("run-tasks"), CancellationToken.None);
        await second.Alerts.RaiseAsync(AlertHarness.Alert("run-tasks"), CancellationToken.None);
        await first.Logs.WaitForAsync("QualityAlertDelivered");
        await second.StopAsync();

        Assert.Single(webhook.Requests);
        Assert.Empty(second.Logs.Named("QualityAlert"));
        Assert.Single(second.Logs.Named("QualityAlertAlreadyRaised"));
    }

    [Fact]
    public async Task The_marker_holds_the_alert()
    {
        var lake = await AlertHarness.NewLakeWithBucketAsync(fixture.Emulator);
        await using var harness = await AlertHarness.StartAsync(webhook: null, lake);
        var alert = AlertHarness.Alert("run-marker") with { Observed = double.NaN };

        await harness.Alerts.RaiseAsync(alert, CancellationToken.None);

        using var marker = JsonDocument.Parse(await lake.GetBytesAsync(LakeLayout.QualityAlertKey("run-marker", "tldr_nonempty")));
        Assert.Equal("run-marker", marker.RootElement.GetProperty("runId").GetString());
        Assert.Equal("tldr_nonempty", marker.RootElement.GetProperty("ruleId").GetString());
        Assert.Equal(3, marker.RootElement.GetProperty("failed").GetInt64());
        Assert.Equal("NaN", marker.RootElement.GetProperty("observed").GetString());
    }

    [Fact]
    public async Task A_lake_that_cannot_take_the_marker_does_not_stop_the_alert()
    {
        await using var webhook = new WebhookServer();
        var lakeWithoutBucket = AlertHarness.NewLake(fixture.Emulator, EmulatorFixture.UniqueName("missing"));
        await using var harness = await AlertHarness.StartAsync(webhook.Url("/hook"), lakeWithoutBucket);

        await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-nolake"), CancellationToken.None);

        await webhook.WaitForRequestsAsync(1);
        Assert.Single(harness.Logs.Named("QualityAlertMarkerFailed"));
        Assert.Single(harness.Logs.Named("QualityAlert"));
    }

    [Fact]
    public async Task A_rule_id_that_cannot_name_a_marker_is_alerted_without_deduplication()
    {
        var lake = await AlertHarness.NewLakeWithBucketAsync(fixture.Emulator);
        await using var harness = await AlertHarness.StartAsync(webhook: null, lake);

        await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-odd", "tldr words/2"), CancellationToken.None);

        Assert.Single(harness.Logs.Named("QualityAlert"));
        Assert.Single(harness.Logs.Named("QualityAlertMarkerUnnameable"));
        Assert.Empty(await lake.ListKeysAsync(LakeLayout.QualityRunPrefix("run-odd")).ToListAsync());
    }
}
