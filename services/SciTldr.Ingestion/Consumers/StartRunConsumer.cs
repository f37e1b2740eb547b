using System.Text;
using MassTransit;
using Microsoft.Extensions.Options;
using SciTldr.Contracts;
using SciTldr.Domain.Records;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;
using SciTldr.Runs;
using SciTldr.ServiceDefaults;

namespace SciTldr.Ingestion.Consumers;

/// <summary>
/// Starts a run: streams the source object from <c>landing/</c> line by line (plain or gzip, never
/// whole in memory), validates every record, quarantines bad ones with a reason code, cuts the
/// accepted ones into bronze partitions (original bytes, as received), sends one TransformPartition
/// per partition, and records in the manifest what became of every line. Deterministic, so a
/// redelivered StartRun rewrites the same bronze objects and messages.
/// </summary>
public sealed class StartRunConsumer : IConsumer<StartRun>
{
    private readonly S3Lake _lake;
    private readonly RunLedger _ledger;
    private readonly IMessagePublisher _publisher;
    private readonly IngestionOptions _options;
    private readonly ILogger<StartRunConsumer> _logger;
    private readonly TimeProvider _clock;

    public StartRunConsumer(S3Lake lake, RunLedger ledger, IMessagePublisher publisher, IOptions<IngestionOptions> options, ILogger<StartRunConsumer> logger, TimeProvider? clock = null)
    {
        _lake = lake;
        _ledger = ledger;
        _publisher = publisher;
        _options = options.Value;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task Consume(ConsumeContext<StartRun> context)
    {
        var request = Validate(context.Message);
        var token = context.CancellationToken;
        await _ledger.WriteManifestAsync(Manifest(request, RunManifest.Ingesting), token);

        await using var run = new IngestionRun(request, _options, _lake, _publisher, context);
        await using (var source = await MessageKeys.ReadAsync(request.SourceKey, () => _lake.OpenReadAsync(request.SourceKey, token)))
        await using (var reader = new JsonlLineReader(source, _options.MaxRecordBytes))
        {
            while (await reader.ReadAsync(token))
            {
                run.Accept(reader.Current);
                await run.FlushFullPartsAsync(token);
            }
        }

        await run.FlushAllAsync(token);
        var counts = run.Counts;
        counts.EnsureReconciled();

        var manifest = Manifest(request, RunManifest.Ingested) with
        {
            Partitions = run.BronzeKeys.Count,
            Input = counts,
            IngestedAt = _clock.GetUtcNow(),
            BronzeKeys = run.BronzeKeys,
            QuarantineKeys = run.QuarantineKeys,
        };
        await _ledger.WriteManifestAsync(manifest, token);
        await _publisher.SendAsync(
            QueueNames.Reporting,
            new RunIngested(request.RunId, request.Split, run.BronzeKeys.Count, LakeLayout.ManifestKey(request.RunId)),
            context,
            token);
        _logger.LogInformation(
            "Ingested run {RunId} from {Source}: {Lines} lines, {Accepted} accepted, {Quarantined} quarantined, {Blank} blank, {Partitions} partitions",
            request.RunId, request.Source, counts.Lines, counts.Accepted, counts.Quarantined, counts.Blank, run.BronzeKeys.Count);
    }

    private ValidRequest Validate(StartRun message)
    {
        if (!LakeNames.IsValidRunId(message.RunId))
        {
            throw new PermanentMessageException($"'{message.RunId}' is not a valid run id");
        }

        var partitionSize = message.PartitionSize == 0 ? _options.DefaultPartitionSize : message.PartitionSize;
        if (partitionSize is < 1 or > 1_000_000)
        {
            throw new PermanentMessageException($"partition size {message.PartitionSize} is outside 1..1000000");
        }

        S3Location source;
        try
        {
            source = S3Location.Parse(message.Source, _lake.Bucket, LakeArea.Landing);
        }
        catch (ArgumentException ex)
        {
            throw new PermanentMessageException($"source '{message.Source}' rejected: {ex.Message}", ex);
        }

        var split = SplitNames.Resolve(message.Split, source.Key);
        if (!LakeNames.IsValidSplit(split))
        {
            throw new PermanentMessageException($"'{split}' is not a valid split name (lower-case letters, digits, '_' and '-')");
        }

        return new ValidRequest(message.RunId, message.Source, source.Key, split, partitionSize, message.RequestedAt);
    }

    private static RunManifest Manifest(ValidRequest request, string status) => new()
    {
        RunId = request.RunId,
        Source = request.Source,
        Split = request.Split,
        PartitionSize = request.PartitionSize,
        RequestedAt = request.RequestedAt,
        Status = status,
    };

    private sealed record ValidRequest(string RunId, string Source, string SourceKey, string Split, int PartitionSize, DateTimeOffset RequestedAt);

    /// <summary>The state of one pass over a source: counters, the open bronze and quarantine parts, and what was written.</summary>
    private sealed class IngestionRun : IAsyncDisposable
    {
        private readonly ValidRequest _request;
        private readonly IngestionOptions _options;
        private readonly S3Lake _lake;
        private readonly IMessagePublisher _publisher;
        private readonly ConsumeContext _cause;
        private readonly IngestionCounter _counter = new();
        private readonly HashSet<string> _acceptedIds = new(StringComparer.Ordinal);
        private readonly List<string> _bronzeKeys = [];
        private readonly List<string> _quarantineKeys = [];
        private JsonlGzWriter _bronze = new();
        private int _bronzeRecords;
        private JsonlGzWriter _quarantine = new();
        private int _quarantineRecords;

        public IngestionRun(ValidRequest request, IngestionOptions options, S3Lake lake, IMessagePublisher publisher, ConsumeContext cause)
        {
            _request = request;
            _options = options;
            _lake = lake;
            _publisher = publisher;
            _cause = cause;
        }

        public IReadOnlyList<string> BronzeKeys => _bronzeKeys;

        public IReadOnlyList<string> QuarantineKeys => _quarantineKeys;

        public IngestionCounts Counts => _counter.ToCounts();

        /// <summary>Gives the line exactly one outcome: blank, accepted into bronze, or quarantined with a reason.</summary>
        public void Accept(JsonlLine line)
        {
            if (line.IsOversize)
            {
                Quarantine(line.Number, ReasonCodes.RecordTooLarge, $"the line is {line.Length} bytes, over the {_options.MaxRecordBytes}-byte limit", ReadOnlySpan<byte>.Empty, line.Length);
                return;
            }

            var result = RecordValidator.Validate(line.Bytes);
            if (result.IsBlank)
            {
                _counter.CountBlank();
            }
            else if (!result.IsAccepted)
            {
                Quarantine(line.Number, result.ReasonCode!, result.Detail ?? "", line.Bytes, line.Length);
            }
            else if (!_acceptedIds.Add(result.Record!.PaperId))
            {
                Quarantine(line.Number, ReasonCodes.DuplicatePaperId, $"paper_id '{result.Record.PaperId}' was already accepted in this run", line.Bytes, line.Length);
            }
            else
            {
                _bronze.WriteLine(line.Bytes);
                _bronzeRecords++;
                _counter.CountAccepted();
            }
        }

        public async Task FlushFullPartsAsync(CancellationToken token)
        {
            if (_bronzeRecords >= _request.PartitionSize)
            {
                await FlushBronzeAsync(token);
            }

            if (_quarantineRecords >= _options.QuarantinePartSize)
            {
                await FlushQuarantineAsync(token);
            }
        }

        public async Task FlushAllAsync(CancellationToken token)
        {
            if (_bronzeRecords > 0)
            {
                await FlushBronzeAsync(token);
            }

            if (_quarantineRecords > 0)
            {
                await FlushQuarantineAsync(token);
            }
        }

        /// <summary>Releases the open parts (and any spill files) also when the run failed half-way.</summary>
        public async ValueTask DisposeAsync()
        {
            await _bronze.DisposeAsync();
            await _quarantine.DisposeAsync();
        }

        private void Quarantine(long lineNumber, string reason, string detail, ReadOnlySpan<byte> raw, long length)
        {
            var valid = System.Text.Unicode.Utf8.IsValid(raw);
            _quarantine.WriteJson(new IngestionQuarantineRecord(
                lineNumber,
                reason,
                detail,
                length,
                raw.IsEmpty || !valid ? null : Encoding.UTF8.GetString(raw),
                raw.IsEmpty || valid ? null : Convert.ToBase64String(raw)));
            _quarantineRecords++;
            _counter.CountQuarantined(reason);
        }

        private async Task FlushBronzeAsync(CancellationToken token)
        {
            var partition = _bronzeKeys.Count;
            var key = LakeLayout.BronzeKey(_request.RunId, _request.Split, partition);
            await _bronze.CompleteAsync(_lake, key, token);
            await _bronze.DisposeAsync();
            _bronzeKeys.Add(key);
            var records = _bronzeRecords;
            _bronze = new JsonlGzWriter();
            _bronzeRecords = 0;
            await _publisher.SendAsync(
                QueueNames.Transformation,
                new TransformPartition(_request.RunId, partition, _request.Split, key, records),
                _cause,
                token);
        }

        private async Task FlushQuarantineAsync(CancellationToken token)
        {
            var key = LakeLayout.QuarantineKey(_request.RunId, Stages.Ingestion, _quarantineKeys.Count);
            await _quarantine.CompleteAsync(_lake, key, token);
            await _quarantine.DisposeAsync();
            _quarantineKeys.Add(key);
            _quarantine = new JsonlGzWriter();
            _quarantineRecords = 0;
        }
    }
}

/// <summary>
/// One line of <c>quarantine/run_id=R/stage=ingestion/part-N.jsonl.gz</c>: which input line, why, and
/// the line itself (as text, or base64 when it is not valid UTF-8; omitted when over the size limit).
/// </summary>
public sealed record IngestionQuarantineRecord(long Line, string Reason, string Detail, long Bytes, string? Raw, string? RawBase64);

/// <summary>Ingestion's policy: one source at a time per task; a source is streamed, so memory stays flat.</summary>
public sealed class StartRunConsumerDefinition : ConsumerDefinition<StartRunConsumer>
{
    public StartRunConsumerDefinition()
    {
        ConcurrentMessageLimit = 2;
    }
}
