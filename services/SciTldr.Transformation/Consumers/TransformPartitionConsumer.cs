using MassTransit;
using SciTldr.Contracts;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;
using SciTldr.Runs;
using SciTldr.ServiceDefaults;
using SciTldr.Transformation.Transform;

namespace SciTldr.Transformation.Consumers;

/// <summary>
/// Turns one bronze partition into silver: a papers table and a TLDRs table (Parquet) with the
/// features of each record. Deterministic: a redelivered message rewrites identical bytes.
/// </summary>
public sealed class TransformPartitionConsumer : IConsumer<TransformPartition>
{
    private readonly S3Lake _lake;
    private readonly RunLedger _ledger;
    private readonly IMessagePublisher _publisher;
    private readonly ILogger<TransformPartitionConsumer> _logger;
    private readonly TimeProvider _clock;

    public TransformPartitionConsumer(S3Lake lake, RunLedger ledger, IMessagePublisher publisher, ILogger<TransformPartitionConsumer> logger, TimeProvider? clock = null)
    {
        _lake = lake;
        _ledger = ledger;
        _publisher = publisher;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task Consume(ConsumeContext<TransformPartition> context)
    {
        var message = context.Message;
        var token = context.CancellationToken;
        var startedAt = _clock.GetUtcNow();
        var bronzeKey = MessageKeys.Require(message.BronzeKey, LakeArea.Bronze, () => LakeLayout.BronzeKey(message.RunId, message.Split, message.Partition));

        TransformedPartition silver;
        await using (var stream = await MessageKeys.ReadAsync(bronzeKey, () => _lake.OpenReadAsync(bronzeKey, token)))
        {
            silver = await PartitionTransform.RunAsync(stream, bronzeKey, message.Records, token);
        }

        if (silver.PaperCount != message.Records)
        {
            throw new PermanentMessageException($"bronze partition '{bronzeKey}' holds {silver.PaperCount} records, the message says {message.Records}");
        }

        var papersKey = LakeLayout.SilverPapersKey(message.RunId, message.Split, message.Partition);
        var tldrsKey = LakeLayout.SilverTldrsKey(message.RunId, message.Split, message.Partition);
        await _lake.PutBytesAsync(papersKey, silver.Papers, token);
        await _lake.PutBytesAsync(tldrsKey, silver.Tldrs, token);

        await _ledger.WriteMarkerAsync(
            new StageMarker
            {
                Worker = StageMarker.ThisWorker,
                RunId = message.RunId,
                Stage = Stages.Transformation,
                Partition = message.Partition,
                Split = message.Split,
                StartedAt = startedAt,
                CompletedAt = _clock.GetUtcNow(),
                RecordsIn = silver.PaperCount,
                RecordsOut = silver.PaperCount,
                TldrsIn = silver.TldrCount,
                Outputs = [papersKey, tldrsKey],
            },
            token);
        await _publisher.SendAsync(
            QueueNames.Quality,
            new CheckPartition(message.RunId, message.Partition, message.Split, papersKey, tldrsKey, silver.PaperCount, silver.TldrCount),
            context,
            token);
        _logger.LogInformation("Transformed partition {Partition} of run {RunId}: {Papers} papers, {Tldrs} TLDRs", message.Partition, message.RunId, silver.PaperCount, silver.TldrCount);
    }
}

/// <summary>Transformation's policy: CPU-bound work, so at most as many partitions at once as the task has cores.</summary>
public sealed class TransformPartitionConsumerDefinition : ConsumerDefinition<TransformPartitionConsumer>
{
    public TransformPartitionConsumerDefinition()
    {
        ConcurrentMessageLimit = Math.Max(1, Environment.ProcessorCount);
    }
}
