using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace SciTldr.Lake;

/// <summary>
/// Decompresses gzip (RFC 1952), one member after another, and throws <see cref="CorruptInputException"/> where
/// <see cref="GZipStream"/> ends quietly.
/// </summary>
/// <remarks>
/// <para>
/// .NET 10's <see cref="GZipStream"/> reports a normal end of stream when its input is cut short anywhere (in a
/// header, in the deflate data or in the trailer), unless the process-wide switch
/// <c>System.IO.Compression.UseStrictValidation</c> is set, and it ignores bytes after the last member, which also
/// hides a second member whose header is damaged: either way a broken file reads as a shorter one. Its CRC-32 and
/// length checks and its errors on corrupt deflate data are sound, but it exposes neither where a member ended nor
/// whether the inflater finished, so the framing is read here, around a raw <see cref="DeflateStream"/>.
/// </para>
/// <para>
/// The inflater's input is handed out from this class's buffer in chunks. The inflater asking for input after the
/// source ended means the data was truncated. Once it finishes, its data ended inside the last chunk it took (it
/// takes one only after using up the one before), so the trailer is found there by its expected bytes, the CRC-32
/// and length of the member's output, which also tells where the next member starts. Chunks are small and stop
/// before the next member's magic bytes, so that window never holds a later member; a member small enough to fit
/// in it whole, or an empty one (whose trailer is eight zero bytes), is inflated a second time to find the exact
/// end of its deflate data instead. After the last member only the end of the input or zero padding may follow.
/// </para>
/// </remarks>
internal sealed class StrictGzipStream : ReadOnlyStream
{
    private const int InitialBufferSize = 64 * 1024;

    // The inflater's data ends somewhere in the last chunk it took, and the trailer is searched there: small chunks
    // keep that window small (4 KiB costs about 5-10 % in throughput against 32 KiB), and well inside the buffer.
    private const int MaxChunk = 4 * 1024;

    // Members up to this compressed size have the end of their deflate data checked exactly, at the cost of inflating
    // them twice; a larger member's last chunk cannot hold a whole later member with the same content.
    private const int ExactCheckLimit = 2 * MaxChunk;
    private const int MaxHeaderBytes = 1024 * 1024;
    private const int TrailerLength = 8;
    private const int FixedHeaderLength = 10;

    // Header flags, RFC 1952 section 2.3.1.
    private const byte HeaderCrcFlag = 0x02;
    private const byte ExtraFlag = 0x04;
    private const byte NameFlag = 0x08;
    private const byte CommentFlag = 0x10;
    private const byte ReservedFlags = 0xE0;

    /// <summary>How every member starts.</summary>
    private static ReadOnlySpan<byte> MagicBytes => [0x1F, 0x8B];

    private readonly Stream _source;
    private readonly DeflateInput _deflateInput;
    private readonly Crc32 _crc = new();
    private readonly byte[] _expectedTrailer = new byte[TrailerLength];
    private readonly byte[] _scratch = new byte[MaxChunk];

    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _sourceEnded;

    private State _state = State.FirstHeader;
    private int _member;
    private DeflateStream? _deflate;
    private int _lastChunkStart;
    private int _deflateStart;
    private long _memberLength;
    private bool _disposed;

    public StrictGzipStream(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _deflateInput = new DeflateInput(this);
    }

    private enum State
    {
        FirstHeader,
        NextHeader,
        Body,
        End,
    }

    private enum HeaderStatus
    {
        Complete,
        NeedMore,
        Invalid,
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);

        return CompletedResult(ReadCoreAsync(buffer.AsMemory(offset, count), useAsync: false, CancellationToken.None));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(buffer, useAsync: true, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _deflate?.Dispose();
            _source.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            switch (_state)
            {
                case State.End:
                    return 0;

                case State.FirstHeader:
                case State.NextHeader:
                    if (!await ReadHeaderAsync(useAsync, cancellationToken))
                    {
                        _state = State.End;
                        return 0;
                    }

                    StartMember();
                    break;

                case State.Body:
                    var read = await InflateAsync(destination, useAsync, cancellationToken);
                    if (read > 0)
                    {
                        _crc.Append(destination.Span[..read]);
                        _memberLength += read;
                        return read;
                    }

                    await ReadTrailerAsync(useAsync, cancellationToken);
                    _state = State.NextHeader;
                    break;
            }
        }
    }

    private void StartMember()
    {
        _member++;
        _crc.Reset();
        _memberLength = 0;
        _lastChunkStart = _start;
        _deflateStart = _start;
        _deflateInput.SourceEndedWhileInflating = false;
        _deflate?.Dispose();
        _deflate = new DeflateStream(_deflateInput, CompressionMode.Decompress, leaveOpen: true);
        _state = State.Body;
    }

    private async ValueTask<int> InflateAsync(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken)
    {
        try
        {
            return useAsync
                ? await _deflate!.ReadAsync(destination, cancellationToken)
                : _deflate!.Read(destination.Span);
        }
        catch (InvalidDataException e)
        {
            // With the strict-validation switch set, DeflateStream itself reports the truncation this class detects.
            if (_deflateInput.SourceEndedWhileInflating)
            {
                throw Truncated();
            }

            throw new CorruptInputException(
                $"corrupt gzip data: invalid deflate data in member {_member} between compressed bytes " +
                $"{_bufferOffset + _lastChunkStart} and {_bufferOffset + _start}",
                e);
        }
    }

    /// <summary>Reads a member header; false when the input ended cleanly where the next member could have started.</summary>
    private async ValueTask<bool> ReadHeaderAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var afterMember = _state == State.NextHeader;
        while (true)
        {
            if (afterMember && _start < _end && _buffer[_start] == 0)
            {
                return await AcceptZeroPaddingAsync(useAsync, cancellationToken);
            }

            var status = TryParseHeader(_buffer.AsSpan(_start, _end - _start), out var headerLength, out var problem);
            if (status == HeaderStatus.Complete)
            {
                _start += headerLength;
                return true;
            }

            if (status == HeaderStatus.Invalid)
            {
                // A damaged second header must not read as a clean end: GZipStream would stop here without a word.
                throw new CorruptInputException(afterMember
                    ? $"corrupt gzip data: the bytes after member {_member}, from compressed byte {_bufferOffset + _start} on, " +
                      $"are not another gzip member: {problem}"
                    : $"corrupt gzip data: {problem} in the header of member {_member + 1}");
            }

            if (_start == 0 && _end == _buffer.Length)
            {
                GrowBufferForHeader();
            }

            if (!await FillAsync(_start, useAsync, cancellationToken))
            {
                if (afterMember && _start == _end)
                {
                    return false;
                }

                throw Truncated();
            }
        }
    }

    /// <summary>
    /// After the last member, zero bytes are tolerated (some writers pad files, and gzip ignores them); anything after
    /// them may be a member whose data was damaged, so it is an error rather than data silently left unread.
    /// </summary>
    private async ValueTask<bool> AcceptZeroPaddingAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var paddingStart = _bufferOffset + _start;
        do
        {
            var nonZero = _buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept((byte)0);
            if (nonZero >= 0)
            {
                throw new CorruptInputException(
                    $"corrupt gzip data: the zero bytes after member {_member}, from compressed byte {paddingStart} on, " +
                    $"are followed by other data at compressed byte {_bufferOffset + _start + nonZero}");
            }

            _start = _end;
        }
        while (await FillAsync(_start, useAsync, cancellationToken));

        return false;
    }

    private async ValueTask ReadTrailerAsync(bool useAsync, CancellationToken cancellationToken)
    {
        if (_deflateInput.SourceEndedWhileInflating)
        {
            throw Truncated();
        }

        // The inflater asks for input only once it has used up what it holds, so its data ended inside the last
        // chunk it was handed (or just after it): the trailer starts there, perhaps already past _start. Two more
        // bytes show what follows the trailer.
        while (_end - _start < TrailerLength + 2 && await FillAsync(KeepFrom(_lastChunkStart), useAsync, cancellationToken))
        {
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_expectedTrailer, _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(_expectedTrailer.AsSpan(4), unchecked((uint)_memberLength));

        // A trailer is searched for by its content in the last chunk the inflater took; for a small member, whose
        // chunk can also hold a later member with the same content (and trailer), or which is empty (trailer all
        // zeros), the exact end of the deflate data decides where it must be.
        var exactEnd = _deflateStart >= 0 && _start - _deflateStart <= ExactCheckLimit ? ExactDeflateDataEnd() : -1;
        var searchFrom = exactEnd >= 0 ? exactEnd : _lastChunkStart;
        var lastCandidate = exactEnd >= 0 ? exactEnd : _start;
        var window = _buffer.AsSpan(searchFrom, Math.Min(_end, lastCandidate + TrailerLength) - searchFrom);
        var at = window.IndexOf(_expectedTrailer);
        if (at < 0)
        {
            throw TrailerMismatch(window, lastCandidate - searchFrom);
        }

        _start = searchFrom + at + TrailerLength;
    }

    /// <summary>
    /// Where the member's deflate data ends, found by inflating it again: the inflater takes input only while it is
    /// unfinished, so handed its bytes one at a time it stops taking them exactly at the end. To keep that cheap, the
    /// bytes before the likely end (the first place holding the expected trailer) go in one piece.
    /// </summary>
    private int ExactDeflateDataEnd()
    {
        var likely = _buffer.AsSpan(_lastChunkStart, Math.Min(_end, _start + TrailerLength) - _lastChunkStart).IndexOf(_expectedTrailer);
        var inOnePiece = likely > 0 ? _lastChunkStart + likely - 1 : _deflateStart;
        while (true)
        {
            var input = new InputByteByByte(_buffer, _deflateStart, inOnePiece, _start);
            using (var inflater = new DeflateStream(input, CompressionMode.Decompress))
            {
                // The output was checked the first time; this pass only measures the input.
                while (inflater.Read(_scratch) > 0)
                {
                }
            }

            // Finished inside the piece handed over whole: the end is somewhere in it, so measure byte by byte.
            if (!input.TookSingleBytes && inOnePiece > _deflateStart)
            {
                inOnePiece = _deflateStart;
                continue;
            }

            return input.Next;
        }
    }

    /// <summary>Names the likeliest fault when no trailer in the window matches the member's CRC-32 and length.</summary>
    /// <param name="window">Where the trailer can be, and the bytes after it that were read.</param>
    /// <param name="lastCandidate">The last position in the window where the trailer can start.</param>
    private CorruptInputException TrailerMismatch(ReadOnlySpan<byte> window, int lastCandidate)
    {
        var expectedCrc = _expectedTrailer.AsSpan(0, 4);
        var expectedLength = _expectedTrailer.AsSpan(4, 4);
        for (var candidate = 0; candidate <= Math.Min(lastCandidate, window.Length - TrailerLength); candidate++)
        {
            var trailer = window.Slice(candidate, TrailerLength);
            if (trailer[4..].SequenceEqual(expectedLength))
            {
                return new CorruptInputException(
                    $"corrupt gzip data: CRC-32 mismatch in member {_member}: its trailer says " +
                    $"{BinaryPrimitives.ReadUInt32LittleEndian(trailer):x8}, the data gives {_crc.GetCurrentHashAsUInt32():x8}");
            }

            if (trailer[..4].SequenceEqual(expectedCrc))
            {
                return new CorruptInputException(
                    $"corrupt gzip data: length mismatch in member {_member}: its trailer says " +
                    $"{BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..])} bytes (modulo 2^32), the data has {_memberLength}");
            }
        }

        return _sourceEnded
            ? Truncated()
            : new CorruptInputException($"corrupt gzip data: neither the CRC-32 nor the length in the trailer of member {_member} matches its data");
    }

    private CorruptInputException Truncated() =>
        new($"the gzip stream is truncated after {SourceBytesRead} compressed bytes (in member {(_state == State.Body ? _member : _member + 1)})");

    /// <summary>The result of a read run with <c>useAsync: false</c>, which never awaits anything incomplete.</summary>
    private static int CompletedResult(ValueTask<int> read) =>
        read.IsCompleted ? read.GetAwaiter().GetResult() : read.AsTask().GetAwaiter().GetResult();

    /// <summary>Compressed bytes read from the source so far.</summary>
    private long SourceBytesRead => _bufferOffset + _end;

    private static HeaderStatus TryParseHeader(ReadOnlySpan<byte> data, out int length, out string? problem)
    {
        length = 0;
        problem = null;
        if ((data.Length >= 1 && data[0] != 0x1F) || (data.Length >= 2 && data[1] != 0x8B))
        {
            problem = $"they start with {Convert.ToHexString(data[..Math.Min(data.Length, 2)])} instead of the gzip magic bytes 1F8B";
            return HeaderStatus.Invalid;
        }

        if (data.Length < FixedHeaderLength)
        {
            return HeaderStatus.NeedMore;
        }

        if (data[2] != 8)
        {
            problem = $"unknown compression method {data[2]} (8, deflate, is the only one)";
            return HeaderStatus.Invalid;
        }

        var flags = data[3];
        if ((flags & ReservedFlags) != 0)
        {
            problem = $"reserved flag bits set (flags {flags:x2})";
            return HeaderStatus.Invalid;
        }

        var position = FixedHeaderLength;
        if ((flags & ExtraFlag) != 0)
        {
            if (data.Length < position + 2)
            {
                return HeaderStatus.NeedMore;
            }

            position += 2 + BinaryPrimitives.ReadUInt16LittleEndian(data[position..]);
        }

        foreach (var flag in (ReadOnlySpan<byte>)[NameFlag, CommentFlag])
        {
            if ((flags & flag) == 0)
            {
                continue;
            }

            var terminator = position <= data.Length ? data[position..].IndexOf((byte)0) : -1;
            if (terminator < 0)
            {
                return HeaderStatus.NeedMore;
            }

            position += terminator + 1;
        }

        if ((flags & HeaderCrcFlag) != 0)
        {
            if (data.Length < position + 2)
            {
                return HeaderStatus.NeedMore;
            }

            var stored = BinaryPrimitives.ReadUInt16LittleEndian(data[position..]);
            var computed = (ushort)Crc32.HashToUInt32(data[..position]);
            if (stored != computed)
            {
                problem = $"header CRC mismatch (stored {stored:x4}, computed {computed:x4})";
                return HeaderStatus.Invalid;
            }

            position += 2;
        }

        if (data.Length < position)
        {
            return HeaderStatus.NeedMore;
        }

        length = position;
        return HeaderStatus.Complete;
    }

    private void GrowBufferForHeader()
    {
        if (_buffer.Length >= MaxHeaderBytes)
        {
            throw new CorruptInputException(
                $"corrupt gzip data: the header of member {_member + 1} is longer than {MaxHeaderBytes} bytes");
        }

        Array.Resize(ref _buffer, _buffer.Length * 2);
    }

    /// <summary>
    /// Where the bytes to keep when reading more start: at <paramref name="needed"/>, or earlier while the member's
    /// deflate data is small enough to be inflated again to find its exact end (see <see cref="ExactDeflateDataEnd"/>).
    /// </summary>
    private int KeepFrom(int needed)
    {
        if (_deflateStart >= 0 && _end - _deflateStart <= ExactCheckLimit)
        {
            return _deflateStart;
        }

        _deflateStart = -1;
        return needed;
    }

    /// <summary>
    /// Reads more of the source into the buffer, keeping the bytes from <paramref name="keepFrom"/> on (moved to the
    /// front); false when the source has ended.
    /// </summary>
    private async ValueTask<bool> FillAsync(int keepFrom, bool useAsync, CancellationToken cancellationToken)
    {
        if (_sourceEnded)
        {
            return false;
        }

        if (keepFrom > 0)
        {
            _buffer.AsSpan(keepFrom, _end - keepFrom).CopyTo(_buffer);
            _bufferOffset += keepFrom;
            _start -= keepFrom;
            _lastChunkStart = Math.Max(_lastChunkStart - keepFrom, 0);
            _deflateStart = _deflateStart >= keepFrom ? _deflateStart - keepFrom : -1;
            _end -= keepFrom;
        }

        if (_end == _buffer.Length)
        {
            // Callers keep at most a chunk and a trailer, or grow the buffer for a header, so this is a bug here.
            throw new InvalidOperationException("the gzip input buffer is full");
        }

        var read = useAsync
            ? await _source.ReadAsync(_buffer.AsMemory(_end), cancellationToken)
            : _source.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _sourceEnded = true;
            return false;
        }

        _end += read;
        return true;
    }

    /// <summary>Hands the inflater the deflate data from the buffer, remembering where the last chunk started.</summary>
    private async ValueTask<int> HandOutAsync(Memory<byte> destination, bool useAsync, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        // The inflater used up everything before _start; a small member's data is kept for ExactDeflateDataEnd.
        if (_start == _end && !await FillAsync(KeepFrom(_start), useAsync, cancellationToken))
        {
            _deflateInput.SourceEndedWhileInflating = true;
            return 0;
        }

        // Stop before anything that looks like the next member's magic bytes: the last chunk the inflater takes, where
        // the trailer is searched, then does not reach into a later member, which could end with the same trailer.
        var count = Math.Min(Math.Min(destination.Length, _end - _start), MaxChunk);
        var nextHeader = _buffer.AsSpan(_start + 1, count - 1).IndexOf(MagicBytes);
        if (nextHeader >= 0)
        {
            count = nextHeader + 1;
        }

        _buffer.AsMemory(_start, count).CopyTo(destination);
        _lastChunkStart = _start;
        _start += count;
        return count;
    }

    /// <summary>
    /// Hands out part of a buffer: up to <c>inOnePiece</c> in one read, then one byte per read, so <see cref="Next"/>
    /// tells exactly how far a reader that stops reading at some point got.
    /// </summary>
    private sealed class InputByteByByte(byte[] source, int start, int inOnePiece, int end) : ReadOnlyStream
    {
        /// <summary>The index in the source buffer after the last byte handed out.</summary>
        public int Next { get; private set; } = start;

        /// <summary>Whether the reader asked for more than the piece handed over whole.</summary>
        public bool TookSingleBytes { get; private set; }

                        public override int Read(byte[] buffer, int offset, int count)
        {
            ValidateBufferArguments(buffer, offset, count);
            if (count == 0 || Next == end)
            {
                return 0;
            }

            var length = Next < inOnePiece ? Math.Min(count, inOnePiece - Next) : 1;
            TookSingleBytes |= Next >= inOnePiece;
            source.AsSpan(Next, length).CopyTo(buffer.AsSpan(offset));
            Next += length;
            return length;
        }

                public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The source of the raw <see cref="DeflateStream"/>: the owner's buffer.</summary>
    private sealed class DeflateInput(StrictGzipStream owner) : ReadOnlyStream
    {
        /// <summary>The inflater asked for input after the source had ended: the deflate data is incomplete.</summary>
        public bool SourceEndedWhileInflating { get; set; }

                        public override int Read(byte[] buffer, int offset, int count)
        {
            ValidateBufferArguments(buffer, offset, count);
            return CompletedResult(owner.HandOutAsync(buffer.AsMemory(offset, count), useAsync: false, CancellationToken.None));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            owner.HandOutAsync(buffer, useAsync: true, cancellationToken);

                public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
