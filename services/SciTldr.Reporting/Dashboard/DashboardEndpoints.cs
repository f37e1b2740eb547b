using Microsoft.Net.Http.Headers;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Runs;

namespace SciTldr.Reporting.Dashboard;

/// <summary>The dashboard page, its assets, its JSON API (docs/dashboard.md), and the run summaries the CLI reads.</summary>
public static class DashboardEndpoints
{
    public static void MapDashboardEndpoints(this WebApplication app)
    {
        app.MapGet("/", (DashboardAssets assets) => Results.Bytes(assets.LivePage, "text/html; charset=utf-8"));
        app.MapGet("/index.html", (DashboardAssets assets) => Results.Bytes(assets.LivePage, "text/html; charset=utf-8"));
        app.MapGet("/assets/{name}", (string name, HttpContext context, DashboardAssets assets) =>
        {
            if (assets.Find(name) is not { } asset)
            {
                return Error(StatusCodes.Status404NotFound, $"no asset '{name}'");
            }

            context.Response.Headers.CacheControl = "no-cache";
            if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            return Results.Bytes(asset.Content, asset.ContentType, entityTag: new EntityTagHeaderValue(asset.ETag));
        });

        app.MapGet("/runs", async (DashboardData data, CancellationToken token) =>
            Results.Json(await data.SummariesAsync(token), RunSummaryJson.Options));

        app.MapGet("/runs/{runId}", (string runId, DashboardData data, RunLedger ledger, CancellationToken token) =>
            ForRun(runId, async () => await ledger.GetOrComputeSummaryAsync(runId, data.PublicUrl, token) is { } summary
                ? Results.Json(summary, RunSummaryJson.Options)
                : NoRun(runId)));

        var api = app.MapGroup("/api");
        api.MapGet("/runs", async (DashboardData data, CancellationToken token) =>
            Results.Json(await data.RunsAsync(token), DashboardData.Json));

        api.MapGet("/runs/{runId}/aggregates", (string runId, DashboardData data, RunLedger ledger, CancellationToken token) =>
            ForRun(runId, async () =>
            {
                if (await data.AggregatesAsync(runId, token) is { } aggregates)
                {
                    return Results.Bytes(aggregates, "application/json");
                }

                return await ledger.GetManifestAsync(runId, token) is null
                    ? NoRun(runId)
                    : Error(StatusCodes.Status404NotFound, $"run '{runId}' has no gold aggregates yet: they are written when the run has finished");
            }));

        api.MapGet("/runs/{runId}/quality", (string runId, DashboardData data, CancellationToken token) =>
            ForRun(runId, async () => await data.QualityAsync(runId, token) is { } view ? Results.Json(view, DashboardData.Json) : NoRun(runId)));

        api.MapGet("/runs/{runId}/timeline", (string runId, DashboardData data, CancellationToken token) =>
            ForRun(runId, async () => await data.TimelineAsync(runId, token) is { } view ? Results.Json(view, DashboardData.Json) : NoRun(runId)));

        api.MapGet("/runs/{runId}/papers", (string runId, string? q, string? offset, string? limit, DashboardData data, CancellationToken token) =>
            ForRun(runId, async () =>
            {
                if (!TryParse(offset, 0, out var from) || !TryParse(limit, 25, out var count))
                {
                    return Error(StatusCodes.Status400BadRequest, "offset and limit must be whole numbers");
                }

                try
                {
                    return await data.PapersAsync(runId, q ?? "", from, count, token) is { } page
                        ? Results.Json(page, DashboardData.Json)
                        : NoRun(runId);
                }
                catch (ArgumentException invalid)
                {
                    return Error(StatusCodes.Status400BadRequest, invalid.Message);
                }
            }));

        api.MapGet("/quality/history", async (string? split, DashboardData data, CancellationToken token) =>
            string.IsNullOrWhiteSpace(split) || !LakeNames.IsValidSplit(split)
                ? Error(StatusCodes.Status400BadRequest, "split must name a split (e.g. ?split=dev)")
                : Results.Json(await data.HistoryAsync(split, token), DashboardData.Json));
    }

    /// <summary>Run ids reach the lake only once they are known to be valid ones.</summary>
    private static async Task<IResult> ForRun(string runId, Func<Task<IResult>> answer) =>
        LakeNames.IsValidRunId(runId)
            ? await answer()
            : Error(StatusCodes.Status400BadRequest, $"'{runId}' is not a valid run id");

    private static IResult NoRun(string runId) => Error(StatusCodes.Status404NotFound, $"no run '{runId}'");

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    private static bool TryParse(string? text, int fallback, out int value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}
