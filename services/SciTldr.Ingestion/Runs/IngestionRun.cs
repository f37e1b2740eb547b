using System.IO.Compression;
using System.Text;
using MassTransit;
using SciTldr.Contracts;
using SciTldr.Domain.Runs;
using SciTldr.Ingestion.Records;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;
using SciTldr.Runs;

namespace SciTldr.Ingestion.Runs;

/// <summary>
/// The state of one run's pass over its sources: counters (per source and in total), the open bronze and
/// quarantine parts, and what was written. Records of all sources flow into one sequence of partitions,
/// cut every <c>partitionSize</c> accepted records, so the same sources always give the same partitions.
/// </summary>
internal sealed class IngestionRun : IAsyncDisposable
{
    private readonly string _runId;
    private readonly string _split;
    private readonly int _partitionSize;
    private readonly IngestionOptions _options;
    private readonly S3Lake _lake;
    private readonly IMessagePublisher _publisher;
    private readonly ConsumeContext _cause;
    private readonly bool _deferSends;
    private readonly List<TransformPartition> _deferred = [];
    private readonly List<PartitionRecord> _partitions = [];
    private readonly List<string> _quarantineKeys = [];
    private IngestionCounter _counter = new();
    private LineClassifier _classifier;
    /// <summary>Bronze parts uploading (and being announced) in the background while the next one is read, oldest first.</summary>
    private readonly Queue<Task> _uploads = new();
    private JsonlGzWriter _bronze = BronzeParts.NewWriter();
    private int _bronzeRecords;
    private JsonlGzWriter _quarantine = new();
    private int _quarantineRecords;

    public IngestionRun(string runId, string split, int partitionSize, IngestionOptions options, S3Lake lake, IMessagePublisher publisher, ConsumeContext cause, bool deferSends)
    {
        _runId = runId;
        _split = split;
        _partitionSize = partitionSize;
        _options = options;
        _lake = lake;
        _publisher = publisher;
        _cause = cause;
        _deferSends = deferSends;
        _classifier = new LineClassifier(options.MaxRecordBytes);
    }

    public IReadOnlyList<PartitionRecord> Partitions => _partitions;

    public IReadOnlyList<string> QuarantineKeys => _quarantineKeys;

    public IngestionCounts Counts => _counter.ToCounts();

    /// <summary>Reads one source to its end; returns what became of its lines and whether it was gzip.</summary>
    public async Task<(IngestionCounts Input, bool Gzip)> ReadSourceAsync(Stream content, string sourceAddress, CancellationToken token)
    {
        var sourceCounter = new IngestionCounter();
        await using var reader = new JsonlLineReader(content, _options.MaxRecordBytes, leaveOpen: true);
        while (await reader.ReadAsync(token))
        {
            Accept(reader.Current, sourceAddress, sourceCounter);
            await FlushFullPartsAsync(token);
        }

        return (sourceCounter.ToCounts(), reader.IsGzip);
    }

    /// <summary>
    /// At most this many finished bronze parts upload while the next one is read: reading waits for the
    /// oldest beyond it, so memory holds a bounded number of parts (each in memory up to 16 MB, on disk past it).
    /// </summary>
    public const int MaxUploadsInFlight = 2;

    /// <summary>Writes the open parts and waits until every bronze part is uploaded (and announced, unless deferred).</summary>
    public async Task FlushAllAsync(CancellationToken token)
    {
        if (_bronzeRecords > 0)
        {
            await FlushBronzeAsync(token);
        }

        while (_uploads.Count > 0)
        {
            await _uploads.Dequeue();
        }

        if (_quarantineRecords > 0)
        {
            await FlushQuarantineAsync(token);
        }
    }

    /// <summary>Announces the partitions held back until the end of the run's sources.</summary>
    public async Task SendDeferredAsync(CancellationToken token)
    {
        foreach (var message in _deferred)
        {
            await _publisher.SendAsync(QueueNames.Transformation, message, _cause, token);
        }

        _deferred.Clear();
    }

    /// <summary>Takes back everything written so far (nothing was announced: only for deferred runs) and starts the counts over.</summary>
    public async Task DiscardAsync(CancellationToken token)
    {
        if (!_deferSends)
        {
            throw new InvalidOperationException("partitions already announced cannot be taken back");
        }

        await SettleUploadsAsync();
        await _bronze.DisposeAsync();
        await _quarantine.DisposeAsync();
        foreach (var key in _partitions.Select(p => p.Key).Concat(_quarantineKeys))
        {
            await _lake.DeleteAsync(key, token);
        }

        _partitions.Clear();
        _quarantineKeys.Clear();
        _deferred.Clear();
        _bronze = BronzeParts.NewWriter();
        _quarantine = new JsonlGzWriter();
        _bronzeRecords = 0;
        _quarantineRecords = 0;
        _counter = new IngestionCounter();
        _classifier.Dispose();
        _classifier = new LineClassifier(_options.MaxRecordBytes);
    }

    /// <summary>Releases the open parts (and any spill files) also when the run failed half-way.</summary>
    public async ValueTask DisposeAsync()
    {
        await SettleUploadsAsync();
        await _bronze.DisposeAsync();
        await _quarantine.DisposeAsync();
        _classifier.Dispose();
    }

    /// <summary>Gives the line exactly one outcome: blank, accepted into bronze, or quarantined with a reason.</summary>
    private void Accept(JsonlLine line, string sourceAddress, IngestionCounter sourceCounter)
    {
        var outcome = _classifier.Classify(line);
        switch (outcome.Kind)
        {
            case LineOutcomeKind.Blank:
                _counter.CountBlank();
                sourceCounter.CountBlank();
                break;
            case LineOutcomeKind.Accepted:
                _bronze.WriteLine(line.Bytes);
                _bronzeRecords++;
                _counter.CountAccepted();
                sourceCounter.CountAccepted();
                break;
            default:
                Quarantine(line, sourceAddress, outcome.Reason!, outcome.Detail ?? "");
                _counter.CountQuarantined(outcome.Reason!);
                sourceCounter.CountQuarantined(outcome.Reason!);
                break;
        }
    }

    private async Task FlushFullPartsAsync(CancellationToken token)
    {
        if (_bronzeRecords >= _partitionSize)
        {
            await FlushBronzeAsync(token);
        }

        if (_quarantineRecords >= _options.QuarantinePartSize)
        {
            await FlushQuarantineAsync(token);
        }
    }

    private void Quarantine(JsonlLine line, string sourceAddress, string reason, string detail)
    {
        var raw = line.Bytes;
        var valid = System.Text.Unicode.Utf8.IsValid(raw);
        _quarantine.WriteJson(new IngestionQuarantineRecord(
            sourceAddress,
            line.Number,
            reason,
            detail,
            line.Length,
            raw.IsEmpty || !valid ? null : Encoding.UTF8.GetString(raw),
            raw.IsEmpty || valid ? null : Convert.ToBase64String(raw)));
        _quarantineRecords++;
    }

    /// <summary>
    /// Cuts the part: its number, key and count are fixed now (so partitions do not depend on upload timing),
    /// its upload and announcement go on in the background. A failed upload surfaces when it is awaited:
    /// at the next cut beyond <see cref="MaxUploadsInFlight"/>, or in <see cref="FlushAllAsync"/>.
    /// </summary>
    private async Task FlushBronzeAsync(CancellationToken token)
    {
        var partition = _partitions.Count;
        var key = LakeLayout.BronzeKey(_runId, _split, partition);
        var records = _bronzeRecords;
        _partitions.Add(new PartitionRecord(partition, key, records));
        var message = new TransformPartition(_runId, partition, _split, key, records);
        if (_deferSends)
        {
            _deferred.Add(message);
        }

        _uploads.Enqueue(UploadBronzeAsync(_bronze, key, _deferSends ? null : message, token));
        _bronze = BronzeParts.NewWriter();
        _bronzeRecords = 0;
        while (_uploads.Count > MaxUploadsInFlight)
        {
            await _uploads.Dequeue();
        }
    }

    private async Task UploadBronzeAsync(JsonlGzWriter part, string key, TransformPartition? announce, CancellationToken token)
    {
        await using (part)
        {
            await part.CompleteAsync(_lake, key, token);
        }

        if (announce is not null)
        {
            await _publisher.SendAsync(QueueNames.Transformation, announce, _cause, token);
        }
    }

    /// <summary>Waits for the uploads still going (a run that failed or is discarded), whatever became of them.</summary>
    private async Task SettleUploadsAsync()
    {
        while (_uploads.Count > 0)
        {
            try
            {
                await _uploads.Dequeue();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The run already failed or is being taken back; the failure that matters was reported where it happened.
            }
        }
    }

    private async Task FlushQuarantineAsync(CancellationToken token)
    {
        var key = LakeLayout.QuarantineKey(_runId, Stages.Ingestion, _quarantineKeys.Count);
        await _quarantine.CompleteAsync(_lake, key, token);
        await _quarantine.DisposeAsync();
        _quarantineKeys.Add(key);
        _quarantine = new JsonlGzWriter();
        _quarantineRecords = 0;
    }
}

/// <summary>How bronze parts are written.</summary>
public static class BronzeParts
{
    /// <summary>
    /// Gzip level 1 ("fastest"): about a quarter larger than level 6 but three times cheaper to write, and
    /// ingestion is the stage every record waits on (docs/performance.md).
    /// </summary>
    public static JsonlGzWriter NewWriter() => new(compressionLevel: CompressionLevel.Fastest);
}

/// <summary>
/// One line of <c>quarantine/run_id=R/stage=ingestion/part-N.jsonl.gz</c>: which source and line, why, and
/// the line itself (as text, or base64 when it is not valid UTF-8; omitted when over the size limit).
/// </summary>
public sealed record IngestionQuarantineRecord(string Source, long Line, string Reason, string Detail, long Bytes, string? Raw, string? RawBase64);
