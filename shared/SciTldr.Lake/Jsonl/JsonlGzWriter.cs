using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SciTldr.Lake;

/// <summary>What a finished <see cref="JsonlGzWriter"/> uploaded.</summary>
/// <param name="Bytes">Size of the gzip object.</param>
/// <param name="Lines">Number of JSONL lines in it.</param>
public sealed record JsonlWriteResult(string Key, long Bytes, long Lines);

/// <summary>
/// Writes JSONL into gzip, each line ended by '\n'. The output is a function of the lines alone (gzip headers
/// carry no timestamp, flush points depend only on the content), so a redelivered message that rewrites a
/// partition produces identical bytes. Compressed output is spooled in memory up to a threshold and in a
/// temporary file beyond it, then uploaded in one request when the writer completes.
/// </summary>
public sealed class JsonlGzWriter : IAsyncDisposable, IDisposable
{
    public const long DefaultMemoryThresholdBytes = 16 * 1024 * 1024;

    // Lines are gathered and handed to the compressor in blocks: one deflate call per line would be slow.
    private const int StagingFlushBytes = 64 * 1024;
    private static readonly byte[] NewLine = [(byte)'\n'];

    private readonly SpoolStream _spool;
    private readonly GZipStream _gzip;
    private readonly ArrayBufferWriter<byte> _staging = new(StagingFlushBytes * 2);
    private readonly ArrayBufferWriter<byte> _document = new(4096);
    private Utf8JsonWriter? _json;
    private JsonSerializerOptions? _jsonFor;
    private bool _sealed;
    private bool _disposed;

    public JsonlGzWriter(long memoryThresholdBytes = DefaultMemoryThresholdBytes, CompressionLevel compressionLevel = CompressionLevel.Optimal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memoryThresholdBytes);
        _spool = new SpoolStream(memoryThresholdBytes);
        _gzip = new GZipStream(_spool, compressionLevel, leaveOpen: true);
    }

    public long LineCount { get; private set; }

    /// <summary>Bytes of JSONL written so far, newlines included, before compression.</summary>
    public long UncompressedBytes { get; private set; }

    /// <summary>Whether the compressed output outgrew the memory threshold and went to a temporary file.</summary>
    public bool SpilledToDisk => _spool.IsOnDisk;

    internal string? SpoolFilePath => _spool.FilePath;

    /// <summary>Appends one line of raw UTF-8 (normally one JSON document); it must not contain '\n' or end with '\r'.</summary>
    public void WriteLine(ReadOnlySpan<byte> utf8Line)
    {
        ThrowIfSealed();
        if (utf8Line.Contains((byte)'\n'))
        {
            throw new ArgumentException("A JSONL line must not contain '\\n'.", nameof(utf8Line));
        }

        if (!utf8Line.IsEmpty && utf8Line[^1] == (byte)'\r')
        {
            throw new ArgumentException("A JSONL line must not end with '\\r': readers drop it.", nameof(utf8Line));
        }

        _staging.Write(utf8Line);
        EndLine(utf8Line.Length);
    }

    /// <summary>Appends <paramref name="value"/> serialized as one line of compact JSON.</summary>
    public void WriteJson<T>(T value, JsonSerializerOptions? options = null)
    {
        ThrowIfSealed();
        var effective = options ?? S3Lake.DefaultJsonOptions;
        var json = JsonWriterFor(effective);
        JsonSerializer.Serialize(json, value, effective);
        AppendSerializedLine(json);
    }

    /// <summary>Appends <paramref name="value"/> as one line of compact JSON using source-generated metadata.</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ThrowIfSealed();
        var json = JsonWriterFor(typeInfo.Options);
        JsonSerializer.Serialize(json, value, typeInfo);
        AppendSerializedLine(json);
    }

    /// <summary>Finishes the gzip stream and uploads it to <paramref name="key"/>; the writer cannot be used afterwards.</summary>
    public async Task<JsonlWriteResult> CompleteAsync(S3Lake lake, string key, CancellationToken cancellationToken = default)
    {
        Seal();
        try
        {
            var bytes = _spool.Length;
            await lake.PutStreamAsync(key, _spool, cancellationToken);
            return new JsonlWriteResult(key, bytes, LineCount);
        }
        finally
        {
            await DisposeAsync();
        }
    }

    /// <summary>Finishes the gzip stream and copies it to <paramref name="destination"/>; returns its size in bytes.</summary>
    public async Task<long> CompleteAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        Seal();
        try
        {
            var bytes = _spool.Length;
            await _spool.CopyToAsync(destination, cancellationToken);
            return bytes;
        }
        finally
        {
            await DisposeAsync();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _sealed = true;
        _json?.Dispose();
        _gzip.Dispose();
        _spool.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    // Documents are serialized into their own buffer first, so one that fails half-way leaves no partial line.
    private Utf8JsonWriter JsonWriterFor(JsonSerializerOptions options)
    {
        _document.ResetWrittenCount();

        // Compact output regardless of WriteIndented: an indented document would span several lines.
        if (_json is null || !ReferenceEquals(_jsonFor, options))
        {
            _json?.Dispose();
            _json = new Utf8JsonWriter(_document, new JsonWriterOptions { Indented = false, Encoder = options.Encoder });
            _jsonFor = options;
        }
        else
        {
            _json.Reset(_document);
        }

        return _json;
    }

    private void AppendSerializedLine(Utf8JsonWriter json)
    {
        json.Flush();
        _staging.Write(_document.WrittenSpan);
        EndLine(_document.WrittenCount);
    }

    private void EndLine(int lineBytes)
    {
        _staging.Write(NewLine);
        LineCount++;
        UncompressedBytes += lineBytes + 1;
        if (_staging.WrittenCount >= StagingFlushBytes)
        {
            FlushStaging();
        }
    }

    private void FlushStaging()
    {
        _gzip.Write(_staging.WrittenSpan);
        _staging.ResetWrittenCount();
    }

    private void Seal()
    {
        ThrowIfSealed();
        FlushStaging();
        _gzip.Dispose();
        _sealed = true;
        _spool.Position = 0;
    }

    private void ThrowIfSealed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_sealed)
        {
            throw new InvalidOperationException("The writer has completed; start a new one for another object.");
        }
    }
}
