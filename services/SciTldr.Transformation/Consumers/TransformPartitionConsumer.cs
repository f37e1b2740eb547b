using MassTransit;
using SciTldr.Contracts;
using SciTldr.Domain.Features;
using SciTldr.Domain.Records;
using SciTldr.Domain.Silver;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;
using SciTldr.Runs;
using SciTldr.ServiceDefaults;

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

        var papers = new List<PaperFeatures>(message.Records);
        var tldrs = new List<TldrFeatures>(message.Records * 2);
        await using (var stream = await MessageKeys.ReadAsync(bronzeKey, () => _lake.OpenReadAsync(bronzeKey, token)))
        await using (var reader = new JsonlLineReader(stream))
        {
            while (await reader.ReadAsync(token))
            {
                var features = Extract(reader.Current, bronzeKey);
                if (features is not null)
                {
                    papers.Add(features.Paper);
                    tldrs.AddRange(features.Tldrs);
                }
            }
        }

        if (papers.Count != message.Records)
        {
            throw new PermanentMessageException($"bronze partition '{bronzeKey}' holds {papers.Count} records, the message says {message.Records}");
        }

        var papersKey = LakeLayout.SilverPapersKey(message.RunId, message.Split, message.Partition);
        var tldrsKey = LakeLayout.SilverTldrsKey(message.RunId, message.Split, message.Partition);
        await WriteParquetAsync(papersKey, stream => SilverParquet.WritePapersAsync(stream, papers, token), token);
        await WriteParquetAsync(tldrsKey, stream => SilverParquet.WriteTldrsAsync(stream, tldrs, token), token);

        await _ledger.WriteMarkerAsync(
            new StageMarker
            {
                RunId = message.RunId,
                Stage = Stages.Transformation,
                Partition = message.Partition,
                Split = message.Split,
                StartedAt = startedAt,
                CompletedAt = _clock.GetUtcNow(),
                RecordsIn = papers.Count,
                RecordsOut = papers.Count,
                TldrsIn = tldrs.Count,
                Outputs = [papersKey, tldrsKey],
            },
            token);
        await _publisher.SendAsync(
            QueueNames.Quality,
            new CheckPartition(message.RunId, message.Partition, message.Split, papersKey, tldrsKey, papers.Count, tldrs.Count),
            context,
            token);
        _logger.LogInformation("Transformed partition {Partition} of run {RunId}: {Papers} papers, {Tldrs} TLDRs", message.Partition, message.RunId, papers.Count, tldrs.Count);
    }

    private static ExtractedFeatures? Extract(JsonlLine line, string bronzeKey)
    {
        if (line.IsOversize)
        {
            throw new PermanentMessageException($"bronze line {line.Number} of '{bronzeKey}' is larger than the record limit");
        }

        var result = RecordValidator.Validate(line.Bytes);
        if (result.IsBlank)
        {
            return null;
        }

        if (!result.IsAccepted)
        {
            // Bronze holds only validated records; anything else means the object was tampered with.
            throw new PermanentMessageException($"bronze line {line.Number} of '{bronzeKey}' is not a valid record: {result.ReasonCode} ({result.Detail})");
        }

        return ExtractedFeatures.From(result.Record!);
    }

    private async Task WriteParquetAsync(string key, Func<Stream, Task> write, CancellationToken token)
    {
        using var buffer = new MemoryStream();
        await write(buffer);
        await _lake.PutBytesAsync(key, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), token);
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
