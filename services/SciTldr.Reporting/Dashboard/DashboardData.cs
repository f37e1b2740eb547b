using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using SciTldr.Contracts;
using SciTldr.Domain.Quality.RunLevel;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Runs;

namespace SciTldr.Reporting.Dashboard;

/// <summary>
/// The dashboard's views of the lake (docs/dashboard.md). A finished run's timeline and quality views were
/// written by its finalizer under <c>reports/R/data/</c>, so they cost one GET; a running run's are
/// computed from its ledger.
/// </summary>
public sealed class DashboardData
{
    public const string TimelineName = "timeline";
    public const string QualityName = "quality";

    /// <summary>camelCase, nulls written, dictionary keys (rule ids, stages, metrics) as they are.</summary>
    public static JsonSerializerOptions Json => RunSummaryJson.Options;

    private readonly RunLedger _ledger;
    private readonly S3Lake _lake;
    private readonly PaperSearch _search;
    private readonly ReportingOptions _options;

    public DashboardData(RunLedger ledger, S3Lake lake, PaperSearch search, IOptions<ReportingOptions> options)
    {
        _ledger = ledger;
        _lake = lake;
        _search = search;
        _options = options.Value;
    }

    public string? PublicUrl => _options.PublicUrl;

    /// <summary>Every run's summary, newest first (<c>GET /runs</c>).</summary>
    /// <param name="current">A summary the caller has just computed, to use instead of the ledger's for its run.</param>
    public async Task<IReadOnlyList<RunSummary>> SummariesAsync(CancellationToken cancellationToken, RunSummary? current = null)
    {
        var summaries = new List<RunSummary>();
        await foreach (var runId in _ledger.ListRunIdsAsync(cancellationToken))
        {
            if (current?.RunId == runId)
            {
                summaries.Add(current);
            }
            else if (await _ledger.GetOrComputeSummaryAsync(runId, PublicUrl, cancellationToken) is { } summary)
            {
                summaries.Add(summary);
            }
        }

        return summaries.OrderByDescending(s => s.StartedAt).ThenByDescending(s => s.RunId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every run, newest first, as its summary plus <c>stages</c>.</summary>
    /// <param name="current">A run whose summary and timeline the caller has just computed (the finalizer, before it writes them).</param>
    public async Task<JsonObject> RunsAsync(CancellationToken cancellationToken, (RunSummary Summary, TimelineView Timeline)? current = null)
    {
        var runs = new JsonArray();
        foreach (var summary in await SummariesAsync(cancellationToken, current?.Summary))
        {
            var timeline = current?.Summary.RunId == summary.RunId ? current.Value.Timeline : await TimelineAsync(summary, cancellationToken);
            if (timeline is null)
            {
                continue;
            }

            var row = JsonSerializer.SerializeToNode(summary, Json)!.AsObject();
            row["stages"] = JsonSerializer.SerializeToNode(timeline.Stages, Json);
            runs.Add(row);
        }

        return new JsonObject { ["runs"] = runs };
    }

    public async Task<TimelineView?> TimelineAsync(string runId, CancellationToken cancellationToken) =>
        await _ledger.GetOrComputeSummaryAsync(runId, PublicUrl, cancellationToken) is { } summary
            ? await TimelineAsync(summary, cancellationToken)
            : null;

    public async Task<QualityView?> QualityAsync(string runId, CancellationToken cancellationToken)
    {
        if (await _ledger.GetOrComputeSummaryAsync(runId, PublicUrl, cancellationToken) is not { } summary)
        {
            return null;
        }

        if (summary.Status != RunStatus.Running
            && await _lake.TryGetJsonAsync<QualityView>(LakeLayout.ReportDataKey(runId, QualityName), Json, cancellationToken) is { } stored)
        {
            return stored;
        }

        return QualityViews.Build(
            summary,
            await _ledger.GetMarkersAsync(runId, Stages.Quality, cancellationToken),
            await _ledger.GetRunQualityAsync(runId, cancellationToken));
    }

    /// <summary>The run's <c>aggregates.json</c> as stored; null until the run is finalized.</summary>
    public async Task<byte[]?> AggregatesAsync(string runId, CancellationToken cancellationToken)
    {
        var key = LakeLayout.GoldRunPrefix(runId) + GoldAggregates.FileName;
        return await _lake.ExistsAsync(key, cancellationToken) ? await _lake.GetBytesAsync(key, cancellationToken) : null;
    }

    /// <summary>
    /// The split's runs that reached the run-level check, with their metrics and drift and anomaly rules.
    /// Reads every run's metrics: O(runs) GETs, like the quality stage's own history lookup.
    /// </summary>
    public async Task<QualityHistory> HistoryAsync(string split, CancellationToken cancellationToken)
    {
        var runs = new List<(RunMetrics, RunQualityReport?)>();
        await foreach (var runId in _ledger.ListRunIdsAsync(cancellationToken))
        {
            var metrics = await _lake.TryGetJsonAsync<RunMetrics>(LakeLayout.RunMetricsKey(runId), RunLedger.Json, cancellationToken);
            if (metrics is not null && string.Equals(metrics.Split, split, StringComparison.Ordinal))
            {
                runs.Add((metrics, await _ledger.GetRunQualityAsync(runId, cancellationToken)));
            }
        }

        return QualityViews.History(split, runs);
    }

    /// <returns>Null for an unknown run.</returns>
    /// <exception cref="ArgumentException">The query, offset or limit is out of bounds.</exception>
    public async Task<PapersPage?> PapersAsync(string runId, string query, int offset, int limit, CancellationToken cancellationToken)
    {
        PaperSearch.Validate(query, offset, limit);
        var manifest = await _ledger.GetManifestAsync(runId, cancellationToken);
        if (manifest is null)
        {
            return null;
        }

        var partitions = manifest.PartitionList.Select(p => p.Partition).Order().ToList();
        return await _search.SearchAsync(runId, manifest.Split, partitions, query, offset, limit, cancellationToken);
    }

    /// <summary>The timeline and quality views of a run, from its ledger.</summary>
    public async Task<(TimelineView Timeline, QualityView Quality)?> ComputeAsync(RunSummary summary, CancellationToken cancellationToken)
    {
        if (await ComputeTimelineAsync(summary, cancellationToken) is not { } computed)
        {
            return null;
        }

        return (computed.Timeline, QualityViews.Build(summary, computed.QualityMarkers, await _ledger.GetRunQualityAsync(summary.RunId, cancellationToken)));
    }

    private async Task<TimelineView?> TimelineAsync(RunSummary summary, CancellationToken cancellationToken)
    {
        if (summary.Status != RunStatus.Running
            && await _lake.TryGetJsonAsync<TimelineView>(LakeLayout.ReportDataKey(summary.RunId, TimelineName), Json, cancellationToken) is { } stored)
        {
            return stored;
        }

        return (await ComputeTimelineAsync(summary, cancellationToken))?.Timeline;
    }

    /// <summary>The run's timeline from its ledger, and the quality markers it read on the way (the quality view needs them too).</summary>
    private async Task<(TimelineView Timeline, IReadOnlyList<StageMarker> QualityMarkers)?> ComputeTimelineAsync(RunSummary summary, CancellationToken cancellationToken)
    {
        var manifest = await _ledger.GetManifestAsync(summary.RunId, cancellationToken);
        if (manifest is null)
        {
            return null;
        }

        var quality = await _ledger.GetMarkersAsync(summary.RunId, Stages.Quality, cancellationToken);
        var timeline = RunTimeline.Build(
            manifest,
            await _ledger.GetMarkersAsync(summary.RunId, Stages.Transformation, cancellationToken),
            quality,
            await _ledger.GetFailuresAsync(summary.RunId, cancellationToken),
            summary);
        return (timeline, quality);
    }
}
