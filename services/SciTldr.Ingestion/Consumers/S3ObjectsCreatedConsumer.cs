using MassTransit;
using SciTldr.Contracts;
using SciTldr.Ingestion.Triggers;
using SciTldr.Lake;
using SciTldr.Messaging;

namespace SciTldr.Ingestion.Consumers;

/// <summary>
/// The S3 event trigger: each created object under <c>landing/</c> of the lake bucket starts a run (once
/// per object version, see <see cref="RunStarter.StartForObjectAsync"/>). Records for another bucket or
/// outside landing/ are refused: the message goes to the DLQ naming them, after the valid ones started.
/// </summary>
public sealed class S3ObjectsCreatedConsumer : IConsumer<S3ObjectsCreated>
{
    private readonly RunStarter _starter;
    private readonly ILogger<S3ObjectsCreatedConsumer> _logger;

    public S3ObjectsCreatedConsumer(RunStarter starter, ILogger<S3ObjectsCreatedConsumer> logger)
    {
        _starter = starter;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<S3ObjectsCreated> context)
    {
        var message = context.Message;
        if (message.IsTestEvent)
        {
            _logger.LogInformation("S3 test event received: the bucket notification reaches the ingestion queue");
            return;
        }

        var refused = new List<string>();
        foreach (var item in message.Objects)
        {
            if (!item.EventName.StartsWith("ObjectCreated:", StringComparison.Ordinal))
            {
                _logger.LogInformation("S3 event {EventName} for {Key} ignored: only created objects start runs", item.EventName, item.Key);
                continue;
            }

            if (!string.Equals(item.Bucket, _starter.Bucket, StringComparison.Ordinal))
            {
                refused.Add($"s3://{item.Bucket}/{item.Key}: not the lake bucket '{_starter.Bucket}'");
                continue;
            }

            string key;
            try
            {
                key = LakeKey.Validate(item.Key, LakeArea.Landing);
            }
            catch (InvalidLakeKeyException ex)
            {
                refused.Add($"s3://{item.Bucket}/{item.Key}: {ex.Reason}");
                continue;
            }

            var runId = await _starter.StartForObjectAsync(
                new LakeObject(key, LakeObject.NormalizeETag(item.ETag), item.Size, item.EventTime), RunTriggers.S3Event, 0, context, context.CancellationToken);
            _logger.LogInformation("S3 event for {Key} (ETag {ETag}): {Outcome}", key, item.ETag, runId is null ? "nothing to do (ingested, uploaded for a run, or started already)" : $"started run {runId}");
        }

        if (refused.Count > 0)
        {
            throw new PermanentMessageException($"S3 event refused for {refused.Count} object(s): {string.Join("; ", refused)}");
        }
    }
}
