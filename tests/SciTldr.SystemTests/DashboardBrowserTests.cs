using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SciTldr.Cli.Commands;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Testing;

namespace SciTldr.SystemTests;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium driven by Playwright) after real pipeline runs: its
/// figures are the gold aggregates', every chart has data, the filters change them, markup from the data
/// shows as text, and the static report in the lake works from disk. Screenshots go to
/// artifacts/test-results/screenshots/.
/// </summary>
[Collection(StackCollection.Name)]
[Trait("Category", "System")]
public sealed class DashboardBrowserTests
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private const string XssTitle = "<script>window.__xss = 1</script><b>Bold</b> claims about <img src=x onerror=\"window.__xss = 2\">";

    private static readonly Dictionary<string, string[]> ChartsByTab = new()
    {
        ["overview"] = ["quarantine-by-reason", "papers-by-run"],
        ["insights"] = ["tldr-words", "compression", "rouge", "rouge-distribution", "novel-ngrams", "oracle-position", "abstract-words", "style-flags", "keyphrases", "research-areas"],
        ["quality"] = ["rule-failures", "metric-history", "papers-history"],
        ["runs"] = ["run-gantt"],
    };

    private readonly StackFixture _stack;

    public DashboardBrowserTests(StackFixture stack)
    {
        _stack = stack;
    }

    [Fact]
    public async Task The_dashboard_shows_the_gold_figures_follows_the_filters_and_shows_markup_from_the_data_as_text()
    {
        var (dev, devGold) = await RunAsync(RepositoryPaths.DevSplit, null);
        var (other, otherGold) = await RunAsync(await WriteSmallSplitAsync(), "test");
        Assert.NotEqual(devGold["papers"]!.GetValue<long>(), otherGold["papers"]!.GetValue<long>());

        await using var browser = await LaunchAsync();
        var (page, problems) = await OpenAsync(browser, dev.Outputs.Report!);

        // Overview: the key figures are the run's gold aggregates.
        await WaitForAsync(page, $"kpi('kpi-papers') === '{devGold["papers"]}'");
        Assert.Equal(devGold["tldrs"]!.GetValue<long>(), long.Parse(await Kpi(page, "kpi-tldrs"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(dev.Quarantine.Values.Sum(), long.Parse(await Kpi(page, "kpi-quarantined"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(
            devGold["papers"]!.GetValue<double>() / dev.Papers,
            double.Parse(await Kpi(page, "kpi-quality-pass-rate"), System.Globalization.CultureInfo.InvariantCulture),
            9);

        // Every chart of every tab has drawn data.
        foreach (var (tab, charts) in ChartsByTab)
        {
            await page.ClickAsync($"[data-tab='{tab}']");
            await WaitForAsync(page, "document.body.dataset.state === 'ready'");
            var drawn = await DrawnChartsAsync(page);
            foreach (var chart in charts)
            {
                Assert.True(drawn.TryGetValue(chart, out var figures), $"tab {tab}: chart '{chart}' was not drawn (drawn: {string.Join(", ", drawn.Keys)})");
                Assert.True(figures.Points > 0 && figures.Total > 0, $"tab {tab}: chart '{chart}' has no data ({figures.Points} points, total {figures.Total})");
            }

            await page.ScreenshotAsync(new() { Path = ScreenshotPath($"dashboard-{tab}.png"), FullPage = true });
        }

        // The split filter changes every figure: the test split's newest run is the small one.
        await page.ClickAsync("[data-tab='overview']");
        await page.SelectOptionAsync("[data-testid='filter-split']", "test");
        await WaitForAsync(page, $"kpi('kpi-papers') === '{otherGold["papers"]}'");
        Assert.Equal(otherGold["tldrs"]!.GetValue<long>(), long.Parse(await Kpi(page, "kpi-tldrs"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(other.Quarantine.Values.Sum(), long.Parse(await Kpi(page, "kpi-quarantined"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("split=test", page.Url, StringComparison.Ordinal);

        // A title with markup shows as those characters, and none of it runs.
        await page.ClickAsync("[data-tab='insights']");
        await page.FillAsync("[data-testid='paper-search']", "<script>");
        await page.PressAsync("[data-testid='paper-search']", "Enter");
        var title = page.Locator("[data-testid='papers-table'] [data-testid='paper-title']").First;
        await Assertions.Expect(title).ToHaveTextAsync(XssTitle);
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("dashboard-markup-as-text.png"), FullPage = true });
        Assert.Equal(1, await page.Locator("[data-testid='papers-table'] [data-testid='paper-title']").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid='papers-table'] b, [data-testid='papers-table'] img, [data-testid='papers-table'] script").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), "markup from the data ran as script");

        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_static_report_in_the_lake_works_from_disk_with_the_runs_figures()
    {
        var (run, gold) = await RunAsync(RepositoryPaths.DevSplit, null);
        Assert.Equal($"{_stack.Client.ReportBaseUrl}/?run={run.RunId}", run.Outputs.Report);

        var folder = Directory.CreateTempSubdirectory("scitldr-report-").FullName;
        var prefix = LakeLayout.ReportsRunPrefix(run.RunId);
        await foreach (var key in _stack.Client.Lake.ListKeysAsync(prefix))
        {
            var path = Path.Combine(folder, key[prefix.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, await _stack.Client.Lake.GetBytesAsync(key));
        }

        await using var browser = await LaunchAsync();
        var (page, problems) = await OpenAsync(browser, new Uri(Path.Combine(folder, "index.html")).AbsoluteUri);

        await WaitForAsync(page, $"kpi('kpi-papers') === '{gold["papers"]}'");
        Assert.Equal(gold["tldrs"]!.GetValue<long>(), long.Parse(await Kpi(page, "kpi-tldrs"), System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (tab, charts) in ChartsByTab)
        {
            await page.ClickAsync($"[data-tab='{tab}']");
            await WaitForAsync(page, "document.body.dataset.state === 'ready'");
            Assert.Superset(charts.ToHashSet(), (await DrawnChartsAsync(page)).Keys.ToHashSet());
        }

        await page.ClickAsync("[data-tab='insights']");
        await page.FillAsync("[data-testid='paper-search']", "Mixed precision");
        await page.PressAsync("[data-testid='paper-search']", "Enter");
        await Assertions.Expect(page.Locator("[data-testid='papers-table'] [data-testid='paper-title']").First).ToHaveTextAsync("Adaptive Loss Scaling for Mixed Precision Training");
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("static-report.png"), FullPage = true });
        Assert.Empty(problems);
    }

    private async Task<(RunSummary Summary, JsonObject Gold)> RunAsync(string input, string? split)
    {
        var run = await RunCommands.StartAsync(_stack.Client, input, split, 250, CancellationToken.None);
        var summary = await _stack.WaitForSummaryAsync(run.RunId, TimeSpan.FromMinutes(2));
        Assert.Equal(RunStatus.Succeeded, summary.Status);
        var gold = JsonNode.Parse(await _stack.Client.Lake.GetBytesAsync(LakeLayout.GoldRunPrefix(run.RunId) + GoldAggregates.FileName))!.AsObject();
        return (summary, gold);
    }

    /// <summary>30 dev papers, the first retitled with markup, plus two lines ingestion quarantines.</summary>
    private static async Task<string> WriteSmallSplitAsync()
    {
        var lines = (await File.ReadAllLinesAsync(RepositoryPaths.DevSplit)).Take(30).ToList();
        var first = JsonNode.Parse(lines[0])!.AsObject();
        first["title"] = XssTitle;
        first["paper_id"] = "xss-title-paper";
        lines[0] = first.ToJsonString();
        lines.Add("{\"paper_id\": \"broken\", ");
        lines.Add("[1, 2, 3]");
        var path = Path.Combine(Directory.CreateTempSubdirectory("scitldr-small-").FullName, "test.jsonl");
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }

    private static async Task<BrowserSession> LaunchAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: tools/test.sh installs it (apt-get install -y chromium)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // This machine has no outside network: keep Chromium from trying to reach Google's services.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>Opens the page with every request off this machine refused and recorded, and console errors recorded.</summary>
    private static async Task<(IPage Page, List<string> Problems)> OpenAsync(BrowserSession handle, string url)
    {
        var page = await handle.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 } });
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        await page.RouteAsync("**/*", async route =>
        {
            var target = new Uri(route.Request.Url);
            if (target.IsFile || target.IsLoopback)
            {
                await route.ContinueAsync();
                return;
            }

            problems.Add($"request off the machine: {route.Request.Url}");
            await route.AbortAsync();
        });
        await page.AddInitScriptAsync("window.kpi = id => document.querySelector(`[data-testid='${id}']`)?.dataset.value;");
        await page.GotoAsync(url);
        return (page, problems);
    }

    private static async Task WaitForAsync(IPage page, string condition)
    {
        try
        {
            await page.WaitForFunctionAsync($"() => document.body.dataset.state === 'ready' && ({condition})", null, new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>("() => `${document.body.dataset.state}: ${document.querySelector('#error')?.textContent ?? ''}`");
            Assert.Fail($"the dashboard did not reach {condition} (state {state})");
        }
    }

    private static Task<string> Kpi(IPage page, string id) => page.EvaluateAsync<string>($"() => kpi('{id}')");

    private static async Task<Dictionary<string, (int Points, double Total)>> DrawnChartsAsync(IPage page)
    {
        var charts = await page.EvaluateAsync<JsonElement>("() => window.scitldrDashboard.charts()");
        return charts.EnumerateArray().ToDictionary(
            chart => chart.GetProperty("name").GetString()!,
            chart => (chart.GetProperty("points").GetInt32(), chart.GetProperty("total").GetDouble()));
    }

    private static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts", "test-results", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    /// <summary>Playwright and its browser, closed together.</summary>
    private sealed class BrowserSession(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public IBrowser Browser => browser;

        public async ValueTask DisposeAsync()
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}
