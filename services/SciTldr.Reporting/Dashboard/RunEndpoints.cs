using System.Text;
using System.Text.Encodings.Web;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Reporting.Runs;
using SciTldr.Runs;

namespace SciTldr.Reporting.Dashboard;

/// <summary>Run history over HTTP: JSON for scripts and the CLI, and a plain HTML page for people.</summary>
public static class RunEndpoints
{
    public static void MapRunEndpoints(this WebApplication app)
    {
        app.MapGet("/runs", async (RunLedger ledger, RunFinalizer finalizer, CancellationToken token) =>
            Results.Json(await RunHistoryAsync(ledger, finalizer.PublicUrl, token), RunSummaryJson.Options));

        app.MapGet("/runs/{runId}", async (string runId, RunLedger ledger, RunFinalizer finalizer, CancellationToken token) =>
        {
            if (!LakeNames.IsValidRunId(runId))
            {
                return Results.Problem($"'{runId}' is not a valid run id", statusCode: StatusCodes.Status400BadRequest);
            }

            var summary = await ledger.GetOrComputeSummaryAsync(runId, finalizer.PublicUrl, token);
            return summary is null
                ? Results.Problem($"no run '{runId}'", statusCode: StatusCodes.Status404NotFound)
                : Results.Json(summary, RunSummaryJson.Options);
        });

        app.MapGet("/", async (RunLedger ledger, RunFinalizer finalizer, CancellationToken token) =>
            Results.Content(RenderHistory(await RunHistoryAsync(ledger, finalizer.PublicUrl, token)), "text/html; charset=utf-8"));
    }

    public static async Task<IReadOnlyList<RunSummary>> RunHistoryAsync(RunLedger ledger, string? publicUrl, CancellationToken token)
    {
        var summaries = new List<RunSummary>();
        await foreach (var runId in ledger.ListRunIdsAsync(token))
        {
            if (await ledger.GetOrComputeSummaryAsync(runId, publicUrl, token) is { } summary)
            {
                summaries.Add(summary);
            }
        }

        return summaries.OrderByDescending(s => s.StartedAt).ThenByDescending(s => s.RunId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every value from the data goes through the HTML encoder: a run or split name with markup shows as text.</summary>
    public static string RenderHistory(IReadOnlyList<RunSummary> runs)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder();
        page.Append("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>SciTLDR Analytics Hub — runs</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{padding:.3rem .7rem;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}.failed{color:#b00}.succeeded{color:#070}</style>
            </head><body><h1>SciTLDR Analytics Hub — run history</h1>
            <table><thead><tr><th>run</th><th>split</th><th>status</th><th>papers</th><th>TLDRs</th><th>partitions</th><th>quarantined</th><th>quality</th><th>abstract words</th><th>author TLDR words</th><th>compression</th><th>seconds</th></tr></thead><tbody>
            """);
        foreach (var run in runs)
        {
            page.Append("<tr>")
                .Append("<td><a href=\"runs/").Append(html.Encode(run.RunId)).Append("\">").Append(html.Encode(run.RunId)).Append("</a></td>")
                .Append("<td>").Append(html.Encode(run.Split ?? "")).Append("</td>")
                .Append("<td class=\"").Append(html.Encode(run.Status)).Append("\">").Append(html.Encode(run.Status)).Append("</td>")
                .Append("<td>").Append(run.Papers).Append("</td>")
                .Append("<td>").Append(run.Tldrs).Append("</td>")
                .Append("<td>").Append(run.Partitions).Append("</td>")
                .Append("<td>").Append(run.Quarantine.Values.Sum()).Append("</td>")
                .Append("<td>").Append(run.Quality.Passed ? "passed" : "failed").Append("</td>")
                .Append("<td>").Append(run.Stats.AbstractWordsMean.ToString("0.00")).Append("</td>")
                .Append("<td>").Append(run.Stats.AuthorTldrWordsMean.ToString("0.00")).Append("</td>")
                .Append("<td>").Append(run.Stats.CompressionMean.ToString("0.00")).Append("</td>")
                .Append("<td>").Append(run.DurationSeconds.ToString("0.0")).Append("</td>")
                .Append("</tr>\n");
        }

        page.Append("</tbody></table></body></html>\n");
        return page.ToString();
    }
}
