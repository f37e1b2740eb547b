using System.Buffers;
using System.IO.Pipelines;

namespace SciTldr.Lake;

/// <summary>
/// Reads JSONL from a stream line by line: the platform's hot path, so lines are handed out as spans over the
/// pipe's buffers (copied only when a line straddles two buffers) and nothing is allocated per line.
/// <list type="bullet">
/// <item>gzip is detected by its magic bytes (1f 8b), not by a file name, and decompressed, member after member; a gzip
/// stream that is truncated, corrupt, fails its CRC-32 or length check, or is followed by other data throws
/// <see cref="CorruptInputException"/> instead of reading as a shorter file;</item>
/// <item>a UTF-8 byte order mark at the start is dropped; '\n' ends a line and a '\r' before it is dropped;</item>
/// <item>a last line without a final newline is still a line; empty lines are yielded as empty;</item>
/// <item>a line longer than <see cref="MaxLineBytes"/> is skipped to its end without being buffered and yielded
/// as oversize with its length, so memory stays bounded by the limit whatever the input.</item>
/// </list>
/// Use <see cref="ReadAsync"/> and <see cref="Current"/> (valid until the next read), or <see cref="ForEachAsync"/>.
/// </summary>
public sealed class JsonlLineReader : IAsyncDisposable, IDisposable
{
    public const int DefaultMaxLineBytes = 1024 * 1024;

    /// <summary>The quarantine reason for a line over the limit.</summary>
    public const string OversizeReason = "record_too_large";

    private const int PipeBufferSize = 64 * 1024;
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly Stream _source;
    private readonly bool _leaveOpen;

    private PipeReader? _reader;
    private ReadOnlySequence<byte> _unread;
    private long _scanned;
    private bool _sourceCompleted;
    private bool _finished;
    private bool _disposed;

    private bool _skipping;
    private long _skippedBytes;
    private bool _skippedEndsWithCr;

    private long _lineNumber;
    private ReadOnlyMemory<byte> _current;
    private long _currentLength;
    private bool _currentIsOversize;
    private byte[]? _scratch;

    public JsonlLineReader(Stream source, int maxLineBytes = DefaultMaxLineBytes, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _source = source;
        MaxLineBytes = maxLineBytes;
        _leaveOpen = leaveOpen;
    }

    public int MaxLineBytes { get; }

    /// <summary>Whether the input was gzip; known after the first <see cref="ReadAsync"/>.</summary>
    public bool IsGzip { get; private set; }

    /// <summary>Lines read so far (the number of the current line).</summary>
    public long LinesRead => _lineNumber;

    /// <summary>The line produced by the last successful <see cref="ReadAsync"/>; invalid after the next call.</summary>
    public JsonlLine Current => _currentIsOversize
        ? new JsonlLine(_lineNumber, ReadOnlySpan<byte>.Empty, _currentLength, isOversize: true)
        : new JsonlLine(_lineNumber, _current.Span, _currentLength, isOversize: false);

    /// <summary>Advances to the next line; false at the end of the input.</summary>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Most lines are already in the buffer: answer them without an async state machine.
        if (_reader is not null && !_finished && TryTakeLine())
        {
            return ValueTask.FromResult(true);
        }

        return _finished ? ValueTask.FromResult(false) : ReadSlowAsync(cancellationToken);
    }

    /// <summary>Calls <paramref name="action"/> for every remaining line; returns how many there were.</summary>
    public async Task<long> ForEachAsync(JsonlLineAction action, CancellationToken cancellationToken = default)
    {
        long count = 0;
        while (await ReadAsync(cancellationToken))
        {
            action(Current);
            count++;
        }

        return count;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_reader is not null)
        {
            _reader.Complete();
        }
        else if (!_leaveOpen)
        {
            _source.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_reader is not null)
        {
            await _reader.CompleteAsync();
        }
        else if (!_leaveOpen)
        {
            await _source.DisposeAsync();
        }
    }

    private async ValueTask<bool> ReadSlowAsync(CancellationToken cancellationToken)
    {
        if (_reader is null)
        {
            await StartAsync(cancellationToken);
        }

        var reader = _reader!;
        while (true)
        {
            if (TryTakeLine())
            {
                return true;
            }

            if (_finished)
            {
                return false;
            }

            // Keep the unread bytes, but tell the pipe all of them were looked at, so it waits for more.
            reader.AdvanceTo(_unread.Start, _unread.End);
            var result = await reader.ReadAsync(cancellationToken);
            _unread = result.Buffer;
            _sourceCompleted = result.IsCompleted;
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        // Sniff the first two bytes; a source that cannot seek gets them replayed by PrefixedStream.
        var magic = new byte[2];
        var sniffed = 0;
        while (sniffed < magic.Length)
        {
            var read = await _source.ReadAsync(magic.AsMemory(sniffed), cancellationToken);
            if (read == 0)
            {
                break;
            }

            sniffed += read;
        }

        Stream input = new PrefixedStream(magic.AsMemory(0, sniffed), _source, _leaveOpen);
        IsGzip = sniffed == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        if (IsGzip)
        {
            input = new StrictGzipStream(input);
        }

        _reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: PipeBufferSize, leaveOpen: false));
        var first = await _reader.ReadAtLeastAsync(Utf8Bom.Length, cancellationToken);
        _unread = first.Buffer;
        _sourceCompleted = first.IsCompleted;
        if (StartsWithBom(_unread))
        {
            _unread = _unread.Slice(Utf8Bom.Length);
        }
    }

    private static bool StartsWithBom(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < Utf8Bom.Length)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[3];
        buffer.Slice(0, head.Length).CopyTo(head);
        return head.SequenceEqual(Utf8Bom);
    }

    /// <summary>Produces the next line from the buffered bytes if it is complete; false when more input is needed or the input is exhausted.</summary>
    private bool TryTakeLine()
    {
        if (_skipping)
        {
            return TryFinishSkip();
        }

        // Only search bytes not searched before: a long line arriving in small reads stays linear.
        if (_unread.Slice(_scanned).PositionOf((byte)'\n') is { } newline)
        {
            var line = _unread.Slice(_unread.Start, newline);
            _unread = _unread.Slice(_unread.GetPosition(1, newline));
            _scanned = 0;
            SetLine(line);
            return true;
        }

        _scanned = _unread.Length;

        // Even without a trailing '\r' this line is over the limit: stop buffering and only count it.
        if (_unread.Length > (long)MaxLineBytes + 1)
        {
            _skipping = true;
            _skippedBytes = 0;
            _skippedEndsWithCr = false;
            _scanned = 0;
            return TryFinishSkip();
        }

        if (_sourceCompleted)
        {
            if (_unread.Length > 0)
            {
                var last = _unread;
                _unread = _unread.Slice(_unread.End);
                _scanned = 0;
                SetLine(last);
                return true;
            }

            _finished = true;
        }

        return false;
    }

    private bool TryFinishSkip()
    {
        if (_unread.PositionOf((byte)'\n') is { } newline)
        {
            CountSkipped(_unread.Slice(_unread.Start, newline));
            _unread = _unread.Slice(_unread.GetPosition(1, newline));
            EmitOversize();
            return true;
        }

        CountSkipped(_unread);
        _unread = _unread.Slice(_unread.End);
        if (_sourceCompleted)
        {
            EmitOversize();
            return true;
        }

        return false;
    }

    private void CountSkipped(ReadOnlySequence<byte> part)
    {
        if (part.Length > 0)
        {
            _skippedBytes += part.Length;
            _skippedEndsWithCr = LastByte(part) == (byte)'\r';
        }
    }

    private void EmitOversize()
    {
        _skipping = false;
        _lineNumber++;
        _current = ReadOnlyMemory<byte>.Empty;
        _currentLength = _skippedBytes - (_skippedEndsWithCr ? 1 : 0);
        _currentIsOversize = true;
    }

    private void SetLine(ReadOnlySequence<byte> line)
    {
        _lineNumber++;
        if (line.Length > 0 && LastByte(line) == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        _currentLength = line.Length;
        if (line.Length > MaxLineBytes)
        {
            // It arrived whole in one read, but the limit is the same whatever the chunking.
            _current = ReadOnlyMemory<byte>.Empty;
            _currentIsOversize = true;
            return;
        }

        _currentIsOversize = false;
        if (line.IsSingleSegment)
        {
            _current = line.First;
            return;
        }

        var length = (int)line.Length;
        if (_scratch is null || _scratch.Length < length)
        {
            _scratch = new byte[Math.Min(Math.Max(length, 4096) * 2L, MaxLineBytes)];
        }

        line.CopyTo(_scratch);
        _current = _scratch.AsMemory(0, length);
    }

    private static byte LastByte(ReadOnlySequence<byte> sequence) =>
        sequence.IsSingleSegment ? sequence.FirstSpan[^1] : sequence.Slice(sequence.Length - 1).FirstSpan[0];
}
