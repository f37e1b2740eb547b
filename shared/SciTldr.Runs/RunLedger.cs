using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using SciTldr.Contracts;
using SciTldr.Domain.Runs;
using SciTldr.Lake;

namespace SciTldr.Runs;

/// <summary>
/// The run ledger under <c>runs/R/</c>: all run state lives in S3, so any task of any service (and the
/// CLI) can see where a run stands and pick work up after a crash.
/// </summary>
public sealed class RunLedger
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    private readonly S3Lake _lake;

    public RunLedger(S3Lake lake)
    {
        _lake = lake;
    }

    public string Bucket => _lake.Bucket;

    /// <summary>How long a running run may go without progress before its summary shows it as stalled.</summary>
    public TimeSpan StallAfter { get; init; } = SummaryBuilder.DefaultStallAfter;

    public Task WriteManifestAsync(RunManifest manifest, CancellationToken cancellationToken = default) =>
        _lake.PutJsonAsync(LakeLayout.ManifestKey(manifest.RunId), manifest, Json, cancellationToken);

    public Task<RunManifest?> GetManifestAsync(string runId, CancellationToken cancellationToken = default) =>
        _lake.TryGetJsonAsync<RunManifest>(LakeLayout.ManifestKey(runId), Json, cancellationToken);

    /// <summary>Records that a stage finished a partition (and counts what it did in <see cref="StageMetrics"/>).</summary>
    public async Task WriteMarkerAsync(StageMarker marker, CancellationToken cancellationToken = default)
    {
        await _lake.PutJsonAsync(LakeLayout.StageMarkerKey(marker.RunId, marker.Stage, marker.Partition), marker, Json, cancellationToken);
        StageMetrics.Record(marker);
    }

    public async Task<IReadOnlyList<StageMarker>> GetMarkersAsync(string runId, string stage, CancellationToken cancellationToken = default)
    {
        var markers = new List<StageMarker>();
        await foreach (var key in _lake.ListKeysAsync(LakeLayout.StageMarkersPrefix(runId, stage), cancellationToken))
        {
            if (await _lake.TryGetJsonAsync<StageMarker>(key, Json, cancellationToken) is { } marker)
            {
                markers.Add(marker);
            }
        }

        return markers.OrderBy(m => m.Partition).ToList();
    }

    public async Task<int> CountMarkersAsync(string runId, string stage, CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var _ in _lake.ListKeysAsync(LakeLayout.StageMarkersPrefix(runId, stage), cancellationToken))
        {
            count++;
        }

        return count;
    }

    public Task WriteFailureAsync(FailureRecord failure, CancellationToken cancellationToken = default) =>
        _lake.PutJsonAsync(
            failure.Partition is { } partition
                ? LakeLayout.PartitionFailureKey(failure.RunId, failure.Stage, partition)
                : LakeLayout.RunFailureKey(failure.RunId, failure.Stage),
            failure,
            Json,
            cancellationToken);

    /// <summary>
    /// Reopens a run for another attempt at a stage's work (a DLQ redrive): removes that stage's failure
    /// record for the partition (or the whole run) and the run's final summary, so the run shows as running
    /// again and is finalized afresh when the work succeeds.
    /// </summary>
    public async Task ReopenAsync(string runId, string stage, int? partition, CancellationToken cancellationToken = default)
    {
        await _lake.DeleteAsync(partition is { } p ? LakeLayout.PartitionFailureKey(runId, stage, p) : LakeLayout.RunFailureKey(runId, stage), cancellationToken);
        await _lake.DeleteAsync(LakeLayout.SummaryKey(runId), cancellationToken);
    }

    public async Task<IReadOnlyList<FailureRecord>> GetFailuresAsync(string runId, CancellationToken cancellationToken = default)
    {
        var failures = new List<FailureRecord>();
        await foreach (var key in _lake.ListKeysAsync(LakeLayout.FailuresPrefix(runId), cancellationToken))
        {
            if (await _lake.TryGetJsonAsync<FailureRecord>(key, Json, cancellationToken) is { } failure)
            {
                failures.Add(failure);
            }
        }

        return failures;
    }

    public Task<Bookmark?> GetBookmarkAsync(string sourceAddress, CancellationToken cancellationToken = default) =>
        _lake.TryGetJsonAsync<Bookmark>(LakeLayout.BookmarkKey(sourceAddress), Json, cancellationToken);

    public Task WriteBookmarkAsync(Bookmark bookmark, CancellationToken cancellationToken = default) =>
        _lake.PutJsonAsync(LakeLayout.BookmarkKey(bookmark.Address), bookmark, Json, cancellationToken);

    /// <summary>
    /// The bookmark of a source, if it still counts: a bookmark whose run failed (at any stage) does not,
    /// so a source whose run failed is ingested again the next time it is asked for.
    /// </summary>
    public async Task<Bookmark?> GetValidBookmarkAsync(string sourceAddress, CancellationToken cancellationToken = default)
    {
        var bookmark = await GetBookmarkAsync(sourceAddress, cancellationToken);
        if (bookmark is null || !LakeNames.IsValidRunId(bookmark.RunId))
        {
            return null;
        }

        await foreach (var _ in _lake.ListKeysAsync(LakeLayout.FailuresPrefix(bookmark.RunId), cancellationToken))
        {
            return null;
        }

        return bookmark;
    }

    public Task WriteRunQualityAsync(Domain.Quality.RunLevel.RunQualityReport report, CancellationToken cancellationToken = default) =>
        _lake.PutJsonAsync(LakeLayout.QualityRunReportKey(report.RunId), report, Json, cancellationToken);

    /// <summary>The run-level quality report; null until quality has checked the whole run.</summary>
    public Task<Domain.Quality.RunLevel.RunQualityReport?> GetRunQualityAsync(string runId, CancellationToken cancellationToken = default) =>
        _lake.TryGetJsonAsync<Domain.Quality.RunLevel.RunQualityReport>(LakeLayout.QualityRunReportKey(runId), Json, cancellationToken);

    public Task WriteRunMetricsAsync(Domain.Quality.RunLevel.RunMetrics metrics, CancellationToken cancellationToken = default) =>
        _lake.PutJsonAsync(LakeLayout.RunMetricsKey(metrics.RunId), metrics, Json, cancellationToken);

    /// <summary>
    /// The metric history of a split, newest first: the metrics of earlier runs of <paramref name="split"/>
    /// that succeeded and passed quality. Failed runs, and runs whose quality failed, stay out of the
    /// baseline, so one bad load does not teach the checks that bad is normal.
    /// </summary>
    public async Task<IReadOnlyList<Domain.Quality.RunLevel.RunMetrics>> GetQualityHistoryAsync(string split, string excludingRunId, int limit, CancellationToken cancellationToken = default)
    {
        var history = new List<Domain.Quality.RunLevel.RunMetrics>();
        await foreach (var runId in ListRunIdsAsync(cancellationToken))
        {
            if (runId == excludingRunId
                || await _lake.TryGetJsonAsync<Domain.Quality.RunLevel.RunMetrics>(LakeLayout.RunMetricsKey(runId), Json, cancellationToken) is not { } metrics
                || metrics.Split != split)
            {
                continue;
            }

            if (await GetSummaryAsync(runId, cancellationToken) is { Status: RunStatus.Succeeded, Quality.Passed: true })
            {
                history.Add(metrics);
            }
        }

        return history.OrderByDescending(m => m.At).ThenByDescending(m => m.RunId, StringComparer.Ordinal).Take(limit).ToList();
    }

    public Task WriteSummaryAsync(RunSummary summary, CancellationToken cancellationToken = default) =>
        _lake.PutBytesAsync(LakeLayout.SummaryKey(summary.RunId), RunSummaryJson.SerializeToUtf8Bytes(summary), cancellationToken);

    public async Task<RunSummary?> GetSummaryAsync(string runId, CancellationToken cancellationToken = default)
    {
        var key = LakeLayout.SummaryKey(runId);
        if (!await _lake.ExistsAsync(key, cancellationToken))
        {
            return null;
        }

        return RunSummaryJson.Deserialize(await _lake.GetBytesAsync(key, cancellationToken));
    }

    /// <summary>Every run id in the ledger (unordered).</summary>
    public async IAsyncEnumerable<string> ListRunIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var prefix in _lake.ListCommonPrefixesAsync(LakeLayout.RunsPrefix, "/", cancellationToken))
        {
            yield return LakeLayout.RunIdFromRunPrefix(prefix);
        }
    }

    public async Task<RunProgress> GetProgressAsync(string runId, CancellationToken cancellationToken = default)
    {
        var manifest = await GetManifestAsync(runId, cancellationToken);
        var done = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [Stages.Ingestion] = manifest?.Status == RunManifest.Ingested ? 1 : 0,
            [Stages.Transformation] = await CountMarkersAsync(runId, Stages.Transformation, cancellationToken),
            [Stages.Quality] = await CountMarkersAsync(runId, Stages.Quality, cancellationToken),
        };
        var finalized = await _lake.ExistsAsync(LakeLayout.SummaryKey(runId), cancellationToken);
        done[Stages.Reporting] = finalized ? 1 : 0;
        return new RunProgress(runId, manifest, done, await GetFailuresAsync(runId, cancellationToken), finalized);
    }

    /// <summary>
    /// The run's summary: the final one reporting wrote, else one computed now from the ledger
    /// (status <c>running</c>, or <c>failed</c> once a stage gave up). Null for an unknown run.
    /// </summary>
    public async Task<RunSummary?> GetOrComputeSummaryAsync(string runId, string? reportBaseUrl, CancellationToken cancellationToken = default)
    {
        if (await GetSummaryAsync(runId, cancellationToken) is { } final)
        {
            return final;
        }

        return await ComputeSummaryAsync(runId, reportBaseUrl, cancellationToken);
    }

    /// <summary>Computes the summary from the ledger; null when the run has no manifest yet.</summary>
    public async Task<RunSummary?> ComputeSummaryAsync(string runId, string? reportBaseUrl, CancellationToken cancellationToken = default)
    {
        var manifest = await GetManifestAsync(runId, cancellationToken);
        if (manifest is null)
        {
            return null;
        }

        var markers = await GetMarkersAsync(runId, Stages.Quality, cancellationToken);
        var failures = await GetFailuresAsync(runId, cancellationToken);
        var runQuality = await GetRunQualityAsync(runId, cancellationToken);
        return SummaryBuilder.Build(manifest, markers, failures, Bucket, reportBaseUrl, DateTimeOffset.UtcNow, runQuality, StallAfter);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
