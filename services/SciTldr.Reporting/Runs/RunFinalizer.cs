using Microsoft.Extensions.Options;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Runs;
using MassTransit;
using SciTldr.Contracts;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;

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
    private readonly ILogger<RunFinalizer> _logger;

    public RunFinalizer(RunLedger ledger, S3Lake lake, IMessagePublisher publisher, IOptions<ReportingOptions> options, ILogger<RunFinalizer> logger)
    {
        _ledger = ledger;
        _lake = lake;
        _publisher = publisher;
        _options = options.Value;
        _logger = logger;
    }

    public string? PublicUrl => _options.PublicUrl;

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

        var summary = await _ledger.ComputeSummaryAsync(runId, _options.PublicUrl, cancellationToken);
        if (summary is null)
        {
            return null;
        }

        if (summary.Status == RunStatus.Running)
        {
            await RequestRunCheckIfDueAsync(runId, cause, cancellationToken);
            return null;
        }

        var stats = PartitionStats.MergeAll(
            (await _ledger.GetMarkersAsync(runId, Contracts.Stages.Quality, cancellationToken)).Select(m => m.Stats ?? PartitionStats.Empty));
        await _lake.PutJsonAsync(LakeLayout.GoldRunPrefix(runId) + "run_stats.json", new GoldRunStats(summary.RunId, summary.Split, stats, summary.Quality), RunLedger.Json, cancellationToken);
        await _ledger.WriteSummaryAsync(summary, cancellationToken);
        _logger.LogInformation("Run {RunId} finished: {Status}, {Papers} papers, {Tldrs} TLDRs in {Partitions} partitions",
            runId, summary.Status, summary.Papers, summary.Tldrs, summary.Partitions);
        return summary;
    }

    private async Task RequestRunCheckIfDueAsync(string runId, ConsumeContext? cause, CancellationToken cancellationToken)
    {
        var progress = await _ledger.GetProgressAsync(runId, cancellationToken);
        if (progress.Partitions is not { } partitions
            || progress.Failures.Count > 0
            || progress.PartitionsDone[Contracts.Stages.Quality] != partitions
            || await _ledger.GetRunQualityAsync(runId, cancellationToken) is not null)
        {
            return;
        }

        await _publisher.SendAsync(QueueNames.Quality, new CheckRun(runId, progress.Manifest!.Split), cause, cancellationToken);
        _logger.LogInformation("Every partition of run {RunId} is checked; asked quality for the run-level rules", runId);
    }
}

/// <summary><c>gold/run_id=R/run_stats.json</c>: the merged statistics and rule outcomes of a finished run.</summary>
public sealed record GoldRunStats(string RunId, string? Split, PartitionStats Stats, RunQuality Quality);
