using MassTransit;
using Microsoft.Extensions.Options;
using SciTldr.Contracts;
using SciTldr.Ingestion.Runs;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;
using SciTldr.Runs;

namespace SciTldr.Ingestion.Triggers;

/// <summary>
/// Starts runs for every trigger: checks the request the way the consumer will (so an HTTP caller gets
/// its 400 at once), and sends StartRun to the ingestion queue. For an object found by the landing
/// watcher or an S3 event it first asks the bookmarks, and names the run after the object version, so
/// that the same object seen twice starts one run.
/// </summary>
public sealed class RunStarter
{
    private static readonly System.Diagnostics.ActivitySource Source = new("SciTldr.Ingestion");

    private readonly IMessagePublisher _publisher;
    private readonly S3Lake _lake;
    private readonly RunLedger _ledger;
    private readonly IngestionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RunStarter> _logger;

    public RunStarter(IMessagePublisher publisher, S3Lake lake, RunLedger ledger, IOptions<IngestionOptions> options, ILogger<RunStarter> logger, TimeProvider? clock = null)
    {
        _publisher = publisher;
        _lake = lake;
        _ledger = ledger;
        _options = options.Value;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    public string Bucket => _lake.Bucket;

    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Validates and sends; throws <see cref="ArgumentException"/> with the reason when the request is not acceptable.</summary>
    public async Task StartAsync(StartRun message, ConsumeContext? cause, CancellationToken cancellationToken)
    {
        RunRequest.Parse(message, _lake.Bucket, _options.DefaultPartitionSize);

        // The run's trace starts here (or in the HTTP request that asked for it) and follows the message.
        using var activity = Source.StartActivity("start run", System.Diagnostics.ActivityKind.Producer);
        activity?.SetTag("scitldr.run_id", message.RunId);
        activity?.SetTag("scitldr.trigger", message.Trigger ?? RunTriggers.Request);
        await _publisher.SendAsync(QueueNames.Ingestion, message, cause, cancellationToken);
        _logger.LogInformation("Started run {RunId} ({Trigger}) for {Source}", message.RunId, message.Trigger ?? RunTriggers.Request, message.BackfillFrom is null ? message.Source : $"a backfill from {message.BackfillFrom}");
    }

    /// <summary>
    /// Starts the run of one landing object version, unless it needs none: under <c>landing/uploads/</c>
    /// (a requested run's own upload), already ingested (a bookmark with its ETag), or its run already
    /// started. Returns the run id started, or null.
    /// </summary>
    public async Task<string?> StartForObjectAsync(LakeObject item, string trigger, int partitionSize, ConsumeContext? cause, CancellationToken cancellationToken)
    {
        if (item.Key.StartsWith(LakeLayout.UploadsPrefix, StringComparison.Ordinal) || item.Key.EndsWith('/'))
        {
            return null;
        }

        var address = $"{S3Location.Scheme}{_lake.Bucket}/{item.Key}";
        if (await _ledger.GetValidBookmarkAsync(address, cancellationToken) is { } bookmark && bookmark.ETag == item.ETag)
        {
            return null;
        }

        var split = SplitNames.Resolve(null, item.Key);
        var runId = RunIds.ForObject(split, _lake.Bucket, item.Key, item.ETag);
        if (await _ledger.GetManifestAsync(runId, cancellationToken) is not null)
        {
            // Started by another task, an earlier event or an earlier pass of the watcher; a run that failed
            // is not retried by itself (run it again with reprocess).
            return null;
        }

        await StartAsync(new StartRun(runId, address, split, partitionSize, Now, trigger), cause, cancellationToken);
        return runId;
    }
}
