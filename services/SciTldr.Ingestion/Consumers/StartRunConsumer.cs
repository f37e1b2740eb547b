using MassTransit;
using Microsoft.Extensions.Options;
using SciTldr.Contracts;
using SciTldr.Domain.Runs;
using SciTldr.Ingestion.Runs;
using SciTldr.Ingestion.Sources;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;
using SciTldr.Runs;
using SciTldr.ServiceDefaults;

namespace SciTldr.Ingestion.Consumers;

/// <summary>
/// Starts a run: resolves the source (one S3 object, every object under an S3 prefix, or an http(s)
/// URL), skips source versions a bookmark says were ingested already (unless asked to reprocess),
/// streams each source line by line (plain or gzip, never whole in memory), gives every line exactly
/// one outcome, cuts the accepted records into bronze partitions, sends one TransformPartition per
/// partition, and records in the manifest the sources with their checksums, the partitions and what
/// became of every line. A backfill re-uses an earlier run's bronze data instead of reading sources.
/// Deterministic, so a redelivered StartRun rewrites the same bronze objects and messages.
/// </summary>
public sealed class StartRunConsumer : IConsumer<StartRun>
{
    private readonly S3Lake _lake;
    private readonly RunLedger _ledger;
    private readonly IMessagePublisher _publisher;
    private readonly IngestionOptions _options;
    private readonly IHttpSourceOpener _http;
    private readonly ILogger<StartRunConsumer> _logger;
    private readonly TimeProvider _clock;

    public StartRunConsumer(
        S3Lake lake,
        RunLedger ledger,
        IMessagePublisher publisher,
        IOptions<IngestionOptions> options,
        IHttpSourceOpener http,
        ILogger<StartRunConsumer> logger,
        TimeProvider? clock = null)
    {
        _lake = lake;
        _ledger = ledger;
        _publisher = publisher;
        _options = options.Value;
        _http = http;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task Consume(ConsumeContext<StartRun> context)
    {
        var request = RunRequest.From(context.Message, _lake.Bucket, _options.DefaultPartitionSize);
        if (request.BackfillFrom is not null)
        {
            await new Backfill(_lake, _ledger, _publisher, _clock, _logger).RunAsync(request, context);
            return;
        }

        var token = context.CancellationToken;
        var address = request.Source!;
        var started = _clock.GetUtcNow();
        var manifest = new RunManifest
        {
            RunId = request.RunId,
            Source = address.Text,
            Split = request.Split ?? SplitNames.Resolve(null, address.Text.TrimEnd('/')),
            PartitionSize = request.PartitionSize,
            RequestedAt = request.RequestedAt,
            Status = RunManifest.Ingesting,
            Trigger = request.Trigger,
            Reprocess = request.Reprocess,
            StartedAt = started,
            TraceId = System.Diagnostics.Activity.Current?.TraceId.ToHexString(),
        };
        await _ledger.WriteManifestAsync(manifest, token);

        var sources = await new SourceResolver(_lake, _options.MaxObjectsPerRun).ResolveAsync(address, token);
        var split = request.Split ?? SplitFor(address, sources);
        if (!LakeNames.IsValidSplit(split))
        {
            throw new PermanentMessageException($"'{split}' is not a valid split name (lower-case letters, digits, '_' and '-')");
        }

        // An http source's bookmark is its content hash, known only once it has been read: its partitions
        // are written as they fill but announced at the end, so that a duplicate can still be taken back.
        var deferSends = sources.Any(s => s.Kind == SourceKind.Http);
        await using var run = new IngestionRun(request.RunId, split, request.PartitionSize, _options, _lake, _publisher, context, deferSends);
        var records = new List<SourceRecord>(sources.Count);
        foreach (var source in sources)
        {
            records.Add(source.Kind == SourceKind.Http
                ? await IngestHttpAsync(run, source, request, token)
                : await IngestS3Async(run, source, request, token));
        }

        await run.FlushAllAsync(token);
        await run.SendDeferredAsync(token);
        var counts = run.Counts;
        counts.EnsureReconciled();

        manifest = manifest with
        {
            Split = split,
            Status = RunManifest.Ingested,
            Partitions = run.Partitions.Count,
            Input = counts,
            IngestedAt = _clock.GetUtcNow(),
            BronzeKeys = run.Partitions.Select(p => p.Key).ToList(),
            QuarantineKeys = run.QuarantineKeys,
            Sources = records,
            PartitionList = run.Partitions,
        };
        await _ledger.WriteManifestAsync(manifest, token);
        StageMetrics.Record(split, counts, manifest.IngestedAt!.Value - started);
        foreach (var record in records.Where(r => r.Outcome == SourceRecord.Ingested))
        {
            await _ledger.WriteBookmarkAsync(new Bookmark(record.Address, record.ETag, record.Sha256, record.Bytes, request.RunId, manifest.IngestedAt!.Value), token);
        }

        await _publisher.SendAsync(
            QueueNames.Reporting,
            new RunIngested(request.RunId, split, run.Partitions.Count, LakeLayout.ManifestKey(request.RunId)),
            context,
            token);
        _logger.LogInformation(
            "Ingested run {RunId} ({Trigger}) from {Source}: {Sources} source(s), {Skipped} skipped by bookmark; {Lines} lines, {Accepted} accepted, {Quarantined} quarantined, {Blank} blank, {Partitions} partitions",
            request.RunId, request.Trigger, address.Text, records.Count, records.Count(r => r.Outcome == SourceRecord.Skipped),
            counts.Lines, counts.Accepted, counts.Quarantined, counts.Blank, run.Partitions.Count);
    }

    /// <summary>The split of a run that did not name one: from the object's file name, from the objects' names when they agree, else from the prefix.</summary>
    internal static string SplitFor(SourceAddress address, IReadOnlyList<SourceRef> sources)
    {
        var byName = sources.Select(s => SplitNames.Resolve(null, s.Key ?? s.Address)).Distinct(StringComparer.Ordinal).ToList();
        if (byName.Count == 1 && byName[0] != SplitNames.Unknown)
        {
            return byName[0];
        }

        return SplitNames.Resolve(null, address.Text.TrimEnd('/'));
    }

    private async Task<SourceRecord> IngestS3Async(IngestionRun run, SourceRef source, RunRequest request, CancellationToken token)
    {
        if (await SkippingBookmarkAsync(source.Address, request, token) is { } bookmark
            && bookmark.ETag is not null && bookmark.ETag == source.ETag)
        {
            return Skipped(source, bookmark);
        }

        await using var stream = new HashingReadStream(await MessageKeys.ReadAsync(source.Key!, () => _lake.OpenReadAsync(source.Key!, token)));
        var (input, gzip) = await run.ReadSourceAsync(stream, source.Address, token);
        return new SourceRecord(source.Address, SourceRecord.Ingested, source.ETag, stream.Sha256Hex(), stream.BytesRead, Compression(gzip), source.LastModified, input, null);
    }

    private async Task<SourceRecord> IngestHttpAsync(IngestionRun run, SourceRef source, RunRequest request, CancellationToken token)
    {
        var bookmark = await SkippingBookmarkAsync(source.Address, request, token);
        OpenedHttpSource opened;
        try
        {
            opened = await _http.OpenAsync(new Uri(source.Address), token);
        }
        catch (SourceUnavailableException ex)
        {
            throw new PermanentMessageException(ex.Message, ex);
        }

        await using (opened)
        {
            var versioned = source with { ETag = opened.ETag, Size = opened.ContentLength, LastModified = opened.LastModified };
            if (bookmark is { ETag: not null } && bookmark.ETag == opened.ETag && !opened.ETag.StartsWith("W/", StringComparison.Ordinal))
            {
                return Skipped(versioned, bookmark);
            }

            await using var stream = new HashingReadStream(opened.Content);
            IngestionCounts input;
            bool gzip;
            try
            {
                (input, gzip) = await run.ReadSourceAsync(stream, source.Address, token);
            }
            catch (SourceUnavailableException ex)
            {
                throw new PermanentMessageException(ex.Message, ex);
            }

            var sha256 = stream.Sha256Hex();
            if (bookmark?.Sha256 == sha256)
            {
                await run.DiscardAsync(token);
                return Skipped(versioned, bookmark) with { Sha256 = sha256, Bytes = stream.BytesRead, Compression = Compression(gzip) };
            }

            return new SourceRecord(source.Address, SourceRecord.Ingested, opened.ETag, sha256, stream.BytesRead, Compression(gzip), opened.LastModified, input, null);
        }
    }

    /// <summary>The source's bookmark when it may make the source be skipped: not when reprocessing, nor when it is this very run's (a redelivery).</summary>
    private async Task<Bookmark?> SkippingBookmarkAsync(string address, RunRequest request, CancellationToken token)
    {
        if (request.Reprocess)
        {
            return null;
        }

        var bookmark = await _ledger.GetValidBookmarkAsync(address, token);
        return bookmark is null || bookmark.RunId == request.RunId ? null : bookmark;
    }

    private SourceRecord Skipped(SourceRef source, Bookmark bookmark)
    {
        _logger.LogInformation("Source {Source} (ETag {ETag}) was ingested by run {BookmarkRunId}; skipped (ask for reprocess to read it again)",
            source.Address, source.ETag, bookmark.RunId);
        return new SourceRecord(source.Address, SourceRecord.Skipped, source.ETag, bookmark.Sha256, 0, null, source.LastModified, null, bookmark.RunId);
    }

    private static string Compression(bool gzip) => gzip ? "gzip" : "none";
}

/// <summary>Ingestion's policy: two sources at a time per task; a source is streamed, so memory stays flat.</summary>
public sealed class StartRunConsumerDefinition : ConsumerDefinition<StartRunConsumer>
{
    public StartRunConsumerDefinition()
    {
        ConcurrentMessageLimit = 2;
    }
}
