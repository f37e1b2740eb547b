using System.Text.Json;
using SciTldr.Testing;

namespace SciTldr.Quality.Tests.Alerts;

[Collection(EmulatorCollection.Name)]
public sealed class WebhookDeliveryTests(EmulatorFixture fixture)
{
    // The parts of a Slack webhook URL that are its credentials.
    private const string SecretPath = "/services/T0000/B0000/SECRETTOKEN";
    private const string SecretQuery = "?sig=QUERYSECRET";

    [Fact]
    public async Task An_alert_arrives_once_as_a_slack_message_naming_its_run_and_rule()
    {
        await using var webhook = new WebhookServer();
        await using var harness = await AlertHarness.StartAsync(webhook.Url(SecretPath), await AlertHarness.NewLakeWithBucketAsync(fixture.Emulator));

        await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-slack"), CancellationToken.None);

        var request = Assert.Single(await webhook.WaitForRequestsAsync(1));
        await harness.Logs.WaitForAsync("QualityAlertDelivered");
        Assert.Equal(("POST", SecretPath), (request.Method, request.Target));
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        var text = body.RootElement.GetProperty("text").GetString();
        Assert.Contains("run-slack", text, StringComparison.Ordinal);
        Assert.Contains("tldr_nonempty", text, StringComparison.Ordinal);
        var section = Assert.Single(body.RootElement.GetProperty("blocks").EnumerateArray());
        Assert.Equal("section", section.GetProperty("type").GetString());
        var fields = string.Join("\n", section.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()));
        Assert.Contains("`run-slack`", fields, StringComparison.Ordinal);
        Assert.Contains("`tldr_nonempty`", fields, StringComparison.Ordinal);
        Assert.Contains("0.25 vs 0", fields, StringComparison.Ordinal);
        Assert.Contains($"s3://{harness.Lake.Bucket}/quality/run_id=run-slack/part-00001.json", fields, StringComparison.Ordinal);
        Assert.Single(webhook.Requests);
    }

    [Fact]
    public async Task Two_503s_then_200_is_delivered_on_the_third_attempt()
    {
        await using var webhook = new WebhookServer(new Reply(503), new Reply(503), new Reply(200));
        await using var harness = await AlertHarness.StartAsync(webhook.Url(SecretPath + SecretQuery), await AlertHarness.NewLakeWithBucketAsync(fixture.Emulator));

        await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-503"), CancellationToken.None);

        var delivered = Assert.Single(await harness.Logs.WaitForAsync("QualityAlertDelivered"));
        Assert.Contains("after 3 attempt(s)", delivered.Message, StringComparison.Ordinal);
        Assert.Equal(3, webhook.Requests.Count);
        Assert.Equal(2, harness.Logs.Named("QualityAlertRetrying").Count);
        AssertNoSecretsLogged(harness.Logs);
    }

    [Fact]
    public async Task A_400_is_not_retried()
    {
        await using var webhook = new WebhookServer(new Reply(400), new Reply(200));
        await using var harness = await AlertHarness.StartAsync(webhook.Url(SecretPath), await AlertHarness.NewLakeWithBucketAsync(fixture.Emulator));

        await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-400"), CancellationToken.None);

        var failure = Assert.Single(await harness.Logs.WaitForAsync("QualityAlertNotDelivered"));
        Assert.Contains("after 1 attempt(s): HTTP 400", failure.Message, StringComparison.Ordinal);
        Assert.Single(webhook.Requests);
        Assert.Empty(harness.Logs.Named("QualityAlertRetrying"));
    }

    [Fact]
    public async Task A_429_is_retried_after_the_delay_its_retry_after_names()
    {
        await using var webhook = new WebhookServer(new Reply(429, ("Retry-After", "0")), new Reply(200));

        // The backoff alone would wait ten minutes: only Retry-After lets the second attempt happen now.
        var settings = new Dictionary<string, string?>
        {
            ["Quality:Alerts:FirstRetryDelay"] = "00:10:00",
            ["Quality:Alerts:MaxRetryDelay"] = "00:10:00",
        };
        await using var harness = await AlertHarness.StartAsync(webhook.Url(SecretPath), await AlertHarness.NewLakeWithBucketAsync(fixture.Emulator), settings);

        await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-429"), CancellationToken.None);

        var delivered = Assert.Single(await harness.Logs.WaitForAsync("QualityAlertDelivered"));
        Assert.Contains("after 2 attempt(s)", delivered.Message, StringComparison.Ordinal);
        Assert.Equal(2, webhook.Requests.Count);
        Assert.Contains("retrying in 00:00:00", Assert.Single(harness.Logs.Named("QualityAlertRetrying")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dead_webhook_does_not_hold_up_raising_and_is_logged_once_its_attempts_are_exhausted()
    {
        var clock = new ManualClock();
        var step = TimeSpan.FromSeconds(1);
        var settings = new Dictionary<string, string?>
        {
            ["Quality:Alerts:FirstRetryDelay"] = "00:00:01",
            ["Quality:Alerts:MaxRetryDelay"] = "00:00:01",
            ["Quality:Alerts:AttemptTimeout"] = "00:01:00",
        };
        await using var harness = await AlertHarness.StartAsync(
            WebhookServer.DeadUrl(SecretPath + SecretQuery),
            await AlertHarness.NewLakeWithBucketAsync(fixture.Emulator),
            settings,
            clock);

        await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-dead"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        // The clock has not moved, so no retry delay has passed: raising did not wait for a second attempt.
        Assert.Single(harness.Logs.Named("QualityAlert"));
        Assert.Empty(harness.Logs.Named("QualityAlertNotDelivered"));

        var exhausted = harness.Logs.WaitForAsync("QualityAlertNotDelivered");
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!exhausted.IsCompleted)
        {
            var timerDue = clock.WaitForTimerDueWithinAsync(step, guard.Token);
            if (await Task.WhenAny(timerDue, exhausted) == timerDue)
            {
                await timerDue;
                clock.Advance(step);
            }
        }

        var failure = Assert.Single(await exhausted);
        Assert.Contains("after 3 attempt(s): HttpRequestException", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Logs.Named("QualityAlertRetrying").Count);
        AssertNoSecretsLogged(harness.Logs);
    }

    [Fact]
    public async Task Shutdown_waits_for_the_flush_time_then_logs_every_alert_not_delivered()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Quality:Alerts:FirstRetryDelay"] = "00:10:00",
            ["Quality:Alerts:MaxRetryDelay"] = "00:10:00",
            ["Quality:Alerts:ShutdownFlush"] = "00:00:00.100",
        };
        await using var harness = await AlertHarness.StartAsync(
            WebhookServer.DeadUrl(SecretPath),
            await AlertHarness.NewLakeWithBucketAsync(fixture.Emulator),
            settings);
        await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-stop", "rouge_range"), CancellationToken.None);
        await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-stop", "tldr_nonempty"), CancellationToken.None);
        await harness.Logs.WaitForAsync("QualityAlertRetrying");

        await harness.StopAsync();
        await harness.Alerts.RaiseAsync(AlertHarness.Alert("run-stop", "paper_id_unique"), CancellationToken.None);

        var undelivered = harness.Logs.Named("QualityAlertUndeliveredAtShutdown");
        Assert.Equal(2, undelivered.Count);
        Assert.Contains(undelivered, e => e.Message.Contains("rule rouge_range", StringComparison.Ordinal));
        Assert.Contains(undelivered, e => e.Message.Contains("rule tldr_nonempty", StringComparison.Ordinal));
        Assert.Contains("rule paper_id_unique", Assert.Single(harness.Logs.Named("QualityAlertQueueClosed")).Message, StringComparison.Ordinal);
        Assert.Equal(3, harness.Logs.Named("QualityAlert").Count);
        Assert.Empty(harness.Logs.Named("QualityAlertNotDelivered"));
    }

    private static void AssertNoSecretsLogged(LogCollector logs)
    {
        Assert.NotEmpty(logs.Entries);
        Assert.All(logs.Entries, entry =>
        {
            Assert.DoesNotContain("SECRETTOKEN", entry.FullText, StringComparison.Ordinal);
            Assert.DoesNotContain("QUERYSECRET", entry.FullText, StringComparison.Ordinal);
            Assert.DoesNotContain("/services/", entry.FullText, StringComparison.Ordinal);
        });
        Assert.Contains(logs.Entries, entry => entry.Message.Contains("http://127.0.0.1", StringComparison.Ordinal));
    }
}
