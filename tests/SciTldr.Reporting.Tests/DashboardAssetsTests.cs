using System.Text;
using System.Text.Json.Nodes;
using SciTldr.Reporting.Dashboard;

namespace SciTldr.Reporting.Tests;

public sealed class DashboardAssetsTests
{
    private static readonly DashboardAssets Assets = new();

    [Fact]
    public void The_page_script_style_and_chart_library_are_embedded()
    {
        Assert.Equal(["app.css", "app.js", "chart.umd.min.js"], Assets.Files.Select(f => f.Name));
        var chart = Encoding.UTF8.GetString(Assets.Find("chart.umd.min.js")!.Content);
        Assert.Contains("Chart.js v4.", chart, StringComparison.Ordinal);
        Assert.Equal("text/javascript; charset=utf-8", Assets.Find("app.js")!.ContentType);
    }

    [Fact]
    public void The_live_page_asks_the_api_and_the_static_page_loads_its_data_script()
    {
        var live = Encoding.UTF8.GetString(Assets.LivePage);
        var staticPage = Encoding.UTF8.GetString(Assets.StaticPage);

        Assert.DoesNotContain(DashboardAssets.DataMarker, live, StringComparison.Ordinal);
        Assert.DoesNotContain("data.js", live, StringComparison.Ordinal);
        Assert.Contains("<script src=\"data.js\"></script>", staticPage, StringComparison.Ordinal);
        // The data must be defined before the application reads it.
        Assert.True(staticPage.IndexOf("data.js", StringComparison.Ordinal) < staticPage.IndexOf("assets/app.js", StringComparison.Ordinal));
    }

    [Fact]
    public void The_page_loads_nothing_from_another_host()
    {
        foreach (var text in new[] { Encoding.UTF8.GetString(Assets.StaticPage), Encoding.UTF8.GetString(Assets.Find("app.js")!.Content), Encoding.UTF8.GetString(Assets.Find("app.css")!.Content) })
        {
            Assert.DoesNotContain("http://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Only_assets_are_served_by_name()
    {
        Assert.Null(Assets.Find("index.html"));
        Assert.Null(Assets.Find("../appsettings.json"));
        Assert.Null(Assets.Find("missing.js"));
    }

    [Fact]
    public void The_data_script_cannot_be_ended_or_turned_into_markup_by_text_from_the_data()
    {
        var title = "</script><script>alert(1)</script><b>&amp;";
        var script = Encoding.UTF8.GetString(StaticReport.DataScript(new JsonObject { ["title"] = title }));

        Assert.StartsWith("window.SCITLDR_REPORT = {", script, StringComparison.Ordinal);
        Assert.DoesNotContain("<", script, StringComparison.Ordinal);
        Assert.DoesNotContain(">", script, StringComparison.Ordinal);
        Assert.Equal(title, JsonNode.Parse(script["window.SCITLDR_REPORT = ".Length..^2])!["title"]!.GetValue<string>());
    }
}
