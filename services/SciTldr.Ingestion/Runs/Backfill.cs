using MassTransit;
using SciTldr.Contracts;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;
using SciTldr.Runs;

namespace SciTldr.Ingestion.Runs;

/// <summary>
/// Re-runs an earlier run from its bronze data, without reading its sources again (for a new
/// transformation or ruleset, or after a downstream failure): the earlier run's bronze partitions and
/// ingestion quarantine are copied server-side under the new run, its input counts carried over, and
/// every partition sent on to transformation as if just ingested.
/// </summary>
internal sealed class Backfill
{
    private readonly S3Lake _lake;
    private readonly RunLedger _ledger;
    private readonly IMessagePublisher _publisher;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public Backfill(S3Lake lake, RunLedger ledger, IMessagePublisher publisher, TimeProvider clock, ILogger logger)
    {
        _lake = lake;
        _ledger = ledger;
        _publisher = publisher;
        _clock = clock;
        _logger = logger;
    }

    public async Task RunAsync(RunRequest request, ConsumeContext cause)
    {
        var token = cause.CancellationToken;
        var from = request.BackfillFrom!;
        var earlier = await _ledger.GetManifestAsync(from, token)
            ?? throw new PermanentMessageException($"cannot backfill from run '{from}': it has no manifest (runs/{from}/manifest.json)");
        if (earlier.Status != RunManifest.Ingested || earlier.Input is null)
        {
            throw new PermanentMessageException($"cannot backfill from run '{from}': its ingestion did not complete (status '{earlier.Status}')");
        }

        var split = request.Split ?? earlier.Split;
        var partitions = earlier.PartitionList.Count > 0
            ? earlier.PartitionList
            : earlier.BronzeKeys.Select((key, i) => new PartitionRecord(i, key, 0)).ToList();
        var manifest = new RunManifest
        {
            RunId = request.RunId,
            Source = earlier.Source,
            Split = split,
            PartitionSize = earlier.PartitionSize,
            RequestedAt = request.RequestedAt,
            Status = RunManifest.Ingesting,
            Trigger = RunTriggers.Backfill,
            BackfillFrom = from,
            StartedAt = _clock.GetUtcNow(),
            TraceId = System.Diagnostics.Activity.Current?.TraceId.ToHexString(),
        };
        await _ledger.WriteManifestAsync(manifest, token);

        var copied = new List<PartitionRecord>(partitions.Count);
        foreach (var partition in partitions.OrderBy(p => p.Partition))
        {
            var source = LakeKey.Validate(partition.Key, LakeArea.Bronze);
            var key = LakeLayout.BronzeKey(request.RunId, split, partition.Partition);
            await MissingIsPermanent(source, () => _lake.CopyAsync(source, key, token));
            copied.Add(new PartitionRecord(partition.Partition, key, partition.Records));
        }

        var quarantine = new List<string>(earlier.QuarantineKeys.Count);
        for (var i = 0; i < earlier.QuarantineKeys.Count; i++)
        {
            var source = LakeKey.Validate(earlier.QuarantineKeys[i], LakeArea.Quarantine);
            var key = LakeLayout.QuarantineKey(request.RunId, Stages.Ingestion, i);
            await MissingIsPermanent(source, () => _lake.CopyAsync(source, key, token));
            quarantine.Add(key);
        }

        foreach (var partition in copied)
        {
            await _publisher.SendAsync(
                QueueNames.Transformation,
                new TransformPartition(request.RunId, partition.Partition, split, partition.Key, partition.Records),
                cause,
                token);
        }

        manifest = manifest with
        {
            Status = RunManifest.Ingested,
            Partitions = copied.Count,
            Input = earlier.Input,
            IngestedAt = _clock.GetUtcNow(),
            BronzeKeys = copied.Select(p => p.Key).ToList(),
            QuarantineKeys = quarantine,
            Sources = earlier.Sources
                .Where(s => s.Outcome != SourceRecord.Skipped)
                .Select(s => s with { Outcome = SourceRecord.Backfilled, SkippedBecause = from })
                .ToList(),
            PartitionList = copied,
        };
        await _ledger.WriteManifestAsync(manifest, token);
        await _publisher.SendAsync(
            QueueNames.Reporting,
            new RunIngested(request.RunId, split, copied.Count, LakeLayout.ManifestKey(request.RunId)),
            cause,
            token);
        _logger.LogInformation("Backfilled run {RunId} from run {BackfillFrom}: {Partitions} partitions, {Accepted} records", request.RunId, from, copied.Count, earlier.Input.Accepted);
    }

    private static async Task MissingIsPermanent(string key, Func<Task> copy)
    {
        try
        {
            await copy();
        }
        catch (Amazon.S3.AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new PermanentMessageException($"cannot backfill: bronze object '{key}' of the earlier run is gone", ex);
        }
    }
}
