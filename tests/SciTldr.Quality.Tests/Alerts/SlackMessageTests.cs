using System.Text.Json;
using SciTldr.Quality.Alerts;

namespace SciTldr.Quality.Tests.Alerts;

public sealed class SlackMessageTests
{
    [Fact]
    public void The_message_has_a_text_fallback_and_one_section_with_every_detail()
    {
        var alert = AlertHarness.Alert("run-1", "rouge_range") with { Observed = 1.5, Threshold = 1, Failed = 12 };

        using var json = JsonDocument.Parse(SlackMessage.Serialize(new AlertDelivery(alert, "s3://lake/quality/run_id=run-1/part-00001.json")));

        var root = json.RootElement;
        Assert.Equal(["text", "blocks"], root.EnumerateObject().Select(p => p.Name));
        Assert.Contains("[error] rouge_range in run run-1, split dev: 12 failed", root.GetProperty("text").GetString(), StringComparison.Ordinal);
        var section = Assert.Single(root.GetProperty("blocks").EnumerateArray());
        Assert.Equal("mrkdwn", section.GetProperty("text").GetProperty("type").GetString());
        var fields = section.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()).ToList();
        Assert.Equal(
            [
                "*Run*\n`run-1`",
                "*Split*\n`dev`",
                "*Rule*\n`rouge_range`",
                "*Severity*\nerror",
                "*Observed vs threshold*\n1.5 vs 1",
                "*Failed*\n12",
                "*Report*\n`s3://lake/quality/run_id=run-1/part-00001.json`",
            ],
            fields);
    }

    [Fact]
    public void Missing_values_read_as_such_and_markup_in_the_summary_is_escaped()
    {
        var alert = AlertHarness.Alert("run-1") with { Observed = null, Threshold = null, Summary = "mean <b> & more" };

        var payload = SlackMessage.Build(new AlertDelivery(alert, ReportLink: null));

        var section = Assert.Single(payload.Blocks);
        Assert.Contains("mean &lt;b&gt; &amp; more", section.Text.Content, StringComparison.Ordinal);
        Assert.Contains("*Observed vs threshold*\nn/a vs n/a", section.Fields!.Select(f => f.Content));
        Assert.Contains("*Report*\nnone", section.Fields!.Select(f => f.Content));
    }
}
