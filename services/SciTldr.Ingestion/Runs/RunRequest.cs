using SciTldr.Contracts;
using SciTldr.Ingestion.Sources;
using SciTldr.Lake;
using SciTldr.Messaging;

namespace SciTldr.Ingestion.Runs;

/// <summary>A StartRun that passed validation: every field checked, defaults applied.</summary>
public sealed record RunRequest(
    string RunId,
    SourceAddress? Source,
    string? Split,
    int PartitionSize,
    DateTimeOffset RequestedAt,
    string Trigger,
    bool Reprocess,
    string? BackfillFrom)
{
    /// <summary>Checks a StartRun; throws <see cref="PermanentMessageException"/> naming what is wrong.</summary>
    public static RunRequest From(StartRun message, string bucket, int defaultPartitionSize)
    {
        try
        {
            return Parse(message, bucket, defaultPartitionSize);
        }
        catch (ArgumentException ex)
        {
            throw new PermanentMessageException(ex.Message, ex);
        }
    }

    /// <summary>Checks a StartRun; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static RunRequest Parse(StartRun message, string bucket, int defaultPartitionSize)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!LakeNames.IsValidRunId(message.RunId))
        {
            throw new ArgumentException($"'{message.RunId}' is not a valid run id");
        }

        var partitionSize = message.PartitionSize == 0 ? defaultPartitionSize : message.PartitionSize;
        if (partitionSize is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"partition size {message.PartitionSize} is outside 1..1000000");
        }

        var trigger = message.Trigger ?? RunTriggers.Request;
        if (!RunTriggers.All.Contains(trigger, StringComparer.Ordinal))
        {
            throw new ArgumentException($"unknown trigger '{trigger}' (one of {string.Join(", ", RunTriggers.All)})");
        }

        var split = string.IsNullOrWhiteSpace(message.Split) ? null : message.Split.Trim();
        if (split is not null && !LakeNames.IsValidSplit(split))
        {
            throw new ArgumentException($"'{split}' is not a valid split name (lower-case letters, digits, '_' and '-', up to 32)");
        }

        if (message.BackfillFrom is { } from)
        {
            if (!string.IsNullOrWhiteSpace(message.Source))
            {
                throw new ArgumentException("give either a source or a run to backfill from, not both");
            }

            if (!LakeNames.IsValidRunId(from))
            {
                throw new ArgumentException($"'{from}' is not a valid run id to backfill from");
            }

            if (from == message.RunId)
            {
                throw new ArgumentException("a run cannot backfill from itself");
            }

            return new RunRequest(message.RunId, null, split, partitionSize, message.RequestedAt, RunTriggers.Backfill, message.Reprocess, from);
        }

        return new RunRequest(message.RunId, SourceAddress.Parse(message.Source, bucket), split, partitionSize, message.RequestedAt, trigger, message.Reprocess, null);
    }
}
