using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SciTldr.Domain.Runs;
using SciTldr.Lake;

namespace SciTldr.Reporting.Dashboard;

/// <summary>
/// Writes a finished run's dashboard as static files under <c>reports/R/</c>: the page, its assets, and
/// <c>data.js</c> holding the API answers the page needs for this run, so the folder works from any static
/// host or from disk. Also keeps the run's timeline and quality views under <c>reports/R/data/</c> for the
/// live API. The run history inside is a snapshot of the moment the run finished.
/// </summary>
public sealed class StaticReport
{
    /// <summary>Most papers a static report carries for its papers table (the live dashboard searches them all).</summary>
    public const int MaxPapers = 1_000;

    private readonly DashboardData _data;
    private readonly DashboardAssets _assets;
    private readonly S3Lake _lake;

    public StaticReport(DashboardData data, DashboardAssets assets, S3Lake lake)
    {
        _data = data;
        _assets = assets;
        _lake = lake;
    }

    /// <summary>Writes the report; the page last, so a page that exists has its data and assets.</summary>
    /// <param name="aggregates">The run's gold aggregates, as written to <c>gold/</c>.</param>
    public async Task WriteAsync(RunSummary summary, GoldAggregates aggregates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var runId = summary.RunId;
        var views = await _data.ComputeAsync(summary, cancellationToken)
            ?? throw new InvalidOperationException($"run '{runId}' has no manifest; its report cannot be written");

        await _lake.PutJsonAsync(LakeLayout.ReportDataKey(runId, DashboardData.TimelineName), views.Timeline, DashboardData.Json, cancellationToken);
        await _lake.PutJsonAsync(LakeLayout.ReportDataKey(runId, DashboardData.QualityName), views.Quality, DashboardData.Json, cancellationToken);

        var papers = await _data.PapersAsync(runId, "", 0, MaxPapers, cancellationToken);
        var api = new JsonObject
        {
            ["/api/runs"] = await _data.RunsAsync(cancellationToken, (summary, views.Timeline)),
            [$"/api/runs/{runId}/aggregates"] = JsonSerializer.SerializeToNode(aggregates, SciTldr.Runs.RunLedger.Json),
            [$"/api/runs/{runId}/quality"] = JsonSerializer.SerializeToNode(views.Quality, DashboardData.Json),
            [$"/api/runs/{runId}/timeline"] = JsonSerializer.SerializeToNode(views.Timeline, DashboardData.Json),
            [$"/api/runs/{runId}/papers"] = JsonSerializer.SerializeToNode(papers, DashboardData.Json),
            ["/api/quality/history"] = summary.Split is { } split
                ? JsonSerializer.SerializeToNode(await _data.HistoryAsync(split, cancellationToken), DashboardData.Json)
                : null,
        };
        var report = new JsonObject
        {
            ["runId"] = runId,
            ["generatedAt"] = summary.FinishedAt,
            ["api"] = api,
        };

        var prefix = LakeLayout.ReportsRunPrefix(runId);
        foreach (var asset in _assets.Files)
        {
            await _lake.PutBytesAsync($"{prefix}assets/{asset.Name}", asset.Content, cancellationToken);
        }

        await _lake.PutBytesAsync(prefix + DashboardAssets.DataScriptName, DataScript(report), cancellationToken);
        await _lake.PutBytesAsync(LakeLayout.ReportIndexKey(runId), _assets.StaticPage, cancellationToken);
    }

    /// <summary>
    /// <c>window.SCITLDR_REPORT = {…};</c>. The JSON writer escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>
    /// as \u escapes, so no text from the data can end a script or open markup.
    /// </summary>
    public static byte[] DataScript(JsonObject report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = report.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
        return Encoding.UTF8.GetBytes($"window.SCITLDR_REPORT = {json};\n");
    }
}
