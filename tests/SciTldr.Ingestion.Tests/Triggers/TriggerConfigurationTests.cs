using SciTldr.Ingestion.Triggers;
using SciTldr.Runs;

namespace SciTldr.Ingestion.Tests.Triggers;

public sealed class TriggerConfigurationTests
{
    [Theory]
    [InlineData("0 2 * * *", "2026-11-24T10:00:00Z", "2026-11-25T02:00:00Z")]
    [InlineData("*/15 * * * *", "2026-11-24T10:07:00Z", "2026-11-24T10:15:00Z")]
    [InlineData("*/2 * * * * *", "2026-11-24T10:00:01Z", "2026-11-24T10:00:02Z")]
    public void Cron_expressions_of_five_or_six_fields_are_read(string cron, string after, string next)
    {
        var expression = ScheduleTrigger.ParseCron(cron);

        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture),
            expression.GetNextOccurrence(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("", "Schedule:Source")]
    [InlineData("61 * * * *", "not a cron expression")]
    [InlineData("every day", "not a cron expression")]
    public void A_bad_schedule_stops_the_service_at_start_naming_the_setting(string cron, string reason)
    {
        var options = new IngestionOptions { Schedule = { Cron = string.IsNullOrEmpty(cron) ? "0 2 * * *" : cron, Source = string.IsNullOrEmpty(cron) ? null : "s3://b/landing/" } };

        var result = new IngestionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bronze/")]
    [InlineData("landing/incoming")]
    public void The_watcher_only_watches_folders_under_landing(string prefix)
    {
        var result = new IngestionOptionsValidator().Validate(null, new IngestionOptions { Watcher = { Prefix = prefix } });

        Assert.True(result.Failed);
        Assert.Contains("Ingestion:Watcher:Prefix", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ids_of_automatic_triggers_are_the_same_for_the_same_trigger()
    {
        Assert.Equal(RunIds.ForObject("dev", "b", "landing/dev.jsonl", "e1"), RunIds.ForObject("dev", "b", "landing/dev.jsonl", "e1"));
        Assert.NotEqual(RunIds.ForObject("dev", "b", "landing/dev.jsonl", "e1"), RunIds.ForObject("dev", "b", "landing/dev.jsonl", "e2"));
        Assert.NotEqual(RunIds.ForObject("dev", "b", "landing/dev.jsonl", "e1"), RunIds.ForObject("dev", "b", "landing/dev2.jsonl", "e1"));
        var tick = new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
        Assert.Equal("20261124T020000Z-dev-schedule", RunIds.ForSchedule("dev", tick));
        Assert.NotEqual(RunIds.New("dev", tick), RunIds.New("dev", tick));
    }
}
