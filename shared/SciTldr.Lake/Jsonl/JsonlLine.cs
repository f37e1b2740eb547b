namespace SciTldr.Lake;

/// <summary>
/// One line of a JSONL stream, without its '\n' and without a trailing '\r'. <see cref="Bytes"/> points into
/// the reader's buffer and is valid only until the reader is asked for the next line; copy what must outlive it.
/// </summary>
public readonly ref struct JsonlLine
{
    internal JsonlLine(long number, ReadOnlySpan<byte> bytes, long length, bool isOversize)
    {
        Number = number;
        Bytes = bytes;
        Length = length;
        IsOversize = isOversize;
    }

    /// <summary>1-based line number in the (decompressed) stream, counting empty and oversize lines.</summary>
    public long Number { get; }

    /// <summary>The line's UTF-8 bytes; empty for an oversize line, whose bytes were skipped, not kept.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>The line's length in bytes, also for an oversize line.</summary>
    public long Length { get; }

    /// <summary>The line was longer than the reader's limit; quarantine it with <see cref="JsonlLineReader.OversizeReason"/>.</summary>
    public bool IsOversize { get; }

    /// <summary>An empty line (after removing a trailing '\r').</summary>
    public bool IsEmpty => Length == 0;
}

/// <summary>Handles one line synchronously; the line's bytes are only valid during the call.</summary>
public delegate void JsonlLineAction(JsonlLine line);
