using Microsoft.Extensions.Options;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Runs;
using MassTransit;
using SciTldr.Contracts;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;
using SciTldr.Reporting.Dashboard;

namespace SciTldr.Reporting.Runs;

/// <summary>
/// Fan-in: once the ledger shows every partition checked (or a stage gave up), writes the run's gold
/// statistics and its final summary. Safe to call any number of times from any number of tasks: the
/// summary is a pure function of the ledger, so racing finalizers write identical bytes, and the
/// summary is written last, so its presence means the run is complete.
/// </summary>
public sealed class RunFinalizer
{
    private readonly RunLedger _ledger;
    private readonly S3Lake _lake;
    private readonly ReportingOptions _options;
    private readonly IMessagePublisher _publisher;
    private readonly StaticReport _report;
    private readonly ILogger<RunFinalizer> _logger;

    public RunFinalizer(RunLedger ledger, S3Lake lake, IMessagePublisher publisher, StaticReport report, IOptions<ReportingOptions> options, ILogger<RunFinalizer> logger)
    {
        _ledger = ledger;
        _lake = lake;
        _publisher = publisher;
        _report = report;
        _options = options.Value;
        _logger = logger;
    }

    /// <returns>The final summary, or null while the run is still going.</returns>
    /// <remarks>
    /// When every partition is checked but the run-level rules have not judged the run yet, asks quality
    /// for them (CheckRun); their report arrives as RunChecked, which calls this again. Several finalizers
    /// may ask at once; the run-level check is idempotent, so that costs work, never correctness.
    /// </remarks>
    public async Task<RunSummary?> TryFinalizeAsync(string runId, CancellationToken cancellationToken, ConsumeContext? cause = null)
    {
        if (await _ledger.GetSummaryAsync(runId, cancellationToken) is { } existing)
        {
            return existing;
        }

        // Cheap first: the manifest, the failures (usually none) and a count of the quality markers (keys only;
        // not the transformation markers, which the gate does not need and which run ahead, so each
        // PartitionChecked lists one growing prefix, not two). Reading every marker (the summary) is for a run
        // whose partitions are all in, or that failed, so the fan-in stays linear in the partitions.
        var manifest = await _ledger.GetManifestAsync(runId, cancellationToken);
        var failures = await _ledger.GetFailuresAsync(runId, cancellationToken);
        if (failures.Count == 0
            && (manifest is not { Status: RunManifest.Ingested, Partitions: int expected }
                || await _ledger.CountMarkersAsync(runId, Contracts.Stages.Quality, cancellationToken) < expected))
        {
            return null;
        }

        var summary = await _ledger.ComputeSummaryAsync(runId, _options.PublicUrl, cancellationToken);
        if (summary is null)
        {
            return null;
        }

        if (summary.Status == RunStatus.Running)
        {
            // Past the gate every partition is checked and nothing failed, so what the run still lacks is
            // the run-level quality report: ask for it (its RunChecked brings us back here).
            await _publisher.SendAsync(QueueNames.Quality, new CheckRun(runId, manifest!.Split), cause, cancellationToken);
            _logger.LogInformation("Every partition of run {RunId} is checked; asked quality for the run-level rules", runId);
            return null;
        }

        var stats = await MergeGoldPartialsAsync(runId, cancellationToken);
        var aggregates = await WriteGoldAsync(summary, stats, cancellationToken);
        await _report.WriteAsync(summary, aggregates, cancellationToken);
        await _ledger.WriteSummaryAsync(summary, cancellationToken);
        _logger.LogInformation("Run {RunId} finished: {Status}, {Papers} papers, {Tldrs} TLDRs in {Partitions} partitions",
            runId, summary.Status, summary.Papers, summary.Tldrs, summary.Partitions);
        return summary;
    }

    /// <summary>
    /// The gold tables, each a pure function of the merged statistics, so racing finalizers write the
    /// same bytes. Written before the summary, whose presence says they are all there.
    /// </summary>
    private async Task<GoldAggregates> WriteGoldAsync(RunSummary summary, PartitionStats stats, CancellationToken cancellationToken)
    {
        var prefix = LakeLayout.GoldRunPrefix(summary.RunId);
        var aggregates = GoldAggregates.From(summary.RunId, summary.Split, stats, summary.Quality);
        await _lake.PutJsonAsync(prefix + GoldRunStats.FileName, GoldRunStats.From(summary.RunId, summary.Split, stats, summary.Quality), RunLedger.Json, cancellationToken);
        await _lake.PutJsonAsync(prefix + GoldAggregates.FileName, aggregates, RunLedger.Json, cancellationToken);
        await PutParquetAsync(prefix + GoldParquet.HistogramsFile, stream => GoldParquet.WriteHistogramsAsync(stream, stats, cancellationToken), cancellationToken);
        await PutParquetAsync(prefix + GoldParquet.KeyphrasesFile, stream => GoldParquet.WriteKeyphrasesAsync(stream, stats, cancellationToken), cancellationToken);
        await PutParquetAsync(prefix + GoldParquet.ResearchAreasFile, stream => GoldParquet.WriteResearchAreasAsync(stream, stats, cancellationToken), cancellationToken);
        return aggregates;
    }

    private async Task PutParquetAsync(string key, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await write(buffer);
        await _lake.PutBytesAsync(key, buffer.ToArray(), cancellationToken);
    }

    /// <summary>
    /// The run's partitions' full statistics, merged in partition order (a marker's stats stand in for a missing
    /// partial), read one at a time so that only the running totals are in memory.
    /// </summary>
    private async Task<PartitionStats> MergeGoldPartialsAsync(string runId, CancellationToken cancellationToken)
    {
        var merger = new PartitionStats.Merger();
        foreach (var marker in await _ledger.GetMarkersAsync(runId, Contracts.Stages.Quality, cancellationToken))
        {
            merger.Add(await _lake.TryGetJsonAsync<PartitionStats>(LakeLayout.GoldPartitionStatsKey(runId, marker.Partition), RunLedger.Json, cancellationToken)
                ?? marker.Stats ?? PartitionStats.Empty);
        }

        return merger.Result();
    }
}

/// <summary><c>gold/run_id=R/run_stats.json</c>: the merged statistics and rule outcomes of a finished run.</summary>
/// <remarks>Its shape predates the histograms and counts, which live in <c>aggregates.json</c> and the Parquet tables.</remarks>
public sealed record GoldRunStats(string RunId, string? Split, GoldRunTotals Stats, RunQuality Quality)
{
    public const string FileName = "run_stats.json";

    public static GoldRunStats From(string runId, string? split, PartitionStats stats, RunQuality quality) =>
        new(runId, split, GoldRunTotals.From(stats), quality);
}

/// <summary>The sums, counts and means of <see cref="PartitionStats"/>, in its member order, as run_stats.json has always held them.</summary>
public sealed record GoldRunTotals(
    long Papers,
    long Tldrs,
    long AuthorTldrs,
    long PeerReviewTldrs,
    long AbstractWordsSum,
    long AbstractSentencesSum,
    long AuthorTldrWordsSum,
    long PeerReviewTldrWordsSum,
    double CompressionSum,
    long CompressionPairs,
    double? AbstractWordsMean,
    double? AbstractSentencesMean,
    double? AuthorTldrWordsMean,
    double? PeerReviewTldrWordsMean,
    double? CompressionMean)
{
    public static GoldRunTotals From(PartitionStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return new(
            stats.Papers, stats.Tldrs, stats.AuthorTldrs, stats.PeerReviewTldrs,
            stats.AbstractWordsSum, stats.AbstractSentencesSum, stats.AuthorTldrWordsSum, stats.PeerReviewTldrWordsSum,
            stats.CompressionSum, stats.CompressionPairs,
            stats.AbstractWordsMean, stats.AbstractSentencesMean, stats.AuthorTldrWordsMean, stats.PeerReviewTldrWordsMean, stats.CompressionMean);
    }
}
