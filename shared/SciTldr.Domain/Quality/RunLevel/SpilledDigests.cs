using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace SciTldr.Domain.Quality.RunLevel;

/// <summary>
/// Finds the values of a whole run that repeat an earlier one, without holding the run in memory: each value's
/// 128-bit digest goes, with the row's position, to one of 64 bucket files chosen by the digest's top bits, and
/// the row (paper id, TLDR index, value) to a rows file. At the end each bucket is sorted on its own (a 64th of
/// the run at a time), so the first occurrence is the one added first, as if the run were checked in one pass.
/// </summary>
public sealed class SpilledDigests : IDisposable
{
    private const int BucketBits = 6;
    private const int EntryBytes = 24;

    private readonly FileStream[] _buckets = new FileStream[1 << BucketBits];
    private readonly FileStream _rowsFile;
    private readonly BinaryWriter _rows;

    public SpilledDigests(ScratchDirectory scratch, string name)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = scratch.Create($"{name}.digests.{i:D2}", bufferSize: 1 << 14);
        }

        _rowsFile = scratch.Create($"{name}.rows");
        _rows = new BinaryWriter(_rowsFile, Encoding.UTF8, leaveOpen: false);
    }

    public long Count { get; private set; }

    public void Add(string value, string paperId, int? tldrIndex)
    {
        var digest = Digest(value);
        var row = _rowsFile.Position;
        _rows.Write(tldrIndex ?? -1);
        _rows.Write(paperId);
        _rows.Write(value);

        Span<byte> entry = stackalloc byte[EntryBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(entry, (ulong)(digest >> 64));
        BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], (ulong)digest);
        BinaryPrimitives.WriteInt64LittleEndian(entry[16..], row);
        _buckets[(int)(digest >> (128 - BucketBits))].Write(entry);
        Count++;
    }

    /// <summary>
    /// How many rows repeat a value added before them, and the first <paramref name="keep"/> of those rows in the
    /// order they were added.
    /// </summary>
    public (long Repeats, IReadOnlyList<(string PaperId, int? TldrIndex, string Value)> First) Repeats(int keep)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        var repeats = 0L;
        var earliest = new PriorityQueue<long, long>();   // max-heap of row positions: priority is the negated position
        byte[] bytes = [];
        Entry[] entries = [];
        foreach (var bucket in _buckets)
        {
            bucket.Flush();
            var length = checked((int)bucket.Length);
            if (length == 0)
            {
                continue;
            }

            if (bytes.Length < length)
            {
                bytes = new byte[length];
                entries = new Entry[length / EntryBytes];
            }

            bucket.Position = 0;
            bucket.ReadExactly(bytes, 0, length);
            var count = length / EntryBytes;
            for (var i = 0; i < count; i++)
            {
                var entry = bytes.AsSpan(i * EntryBytes, EntryBytes);
                entries[i] = new Entry(
                    new UInt128(BinaryPrimitives.ReadUInt64LittleEndian(entry), BinaryPrimitives.ReadUInt64LittleEndian(entry[8..])),
                    BinaryPrimitives.ReadInt64LittleEndian(entry[16..]));
            }

            var sorted = entries.AsSpan(0, count);
            sorted.Sort();
            for (var i = 1; i < sorted.Length; i++)
            {
                if (sorted[i].Digest != sorted[i - 1].Digest)
                {
                    continue;
                }

                repeats++;
                var row = sorted[i].Row;
                if (earliest.Count < keep)
                {
                    earliest.Enqueue(row, -row);
                }
                else if (keep > 0 && row < earliest.Peek())
                {
                    earliest.DequeueEnqueue(row, -row);
                }
            }
        }

        var rows = new long[earliest.Count];
        for (var i = rows.Length - 1; i >= 0; i--)
        {
            rows[i] = earliest.Dequeue();
        }

        return (repeats, Read(rows));
    }

    public void Dispose()
    {
        _rows.Dispose();
        foreach (var bucket in _buckets)
        {
            bucket.Dispose();
        }
    }

    private List<(string PaperId, int? TldrIndex, string Value)> Read(long[] rows)
    {
        _rows.Flush();
        var found = new List<(string, int?, string)>(rows.Length);
        using var reader = new BinaryReader(_rowsFile, Encoding.UTF8, leaveOpen: true);
        foreach (var row in rows)
        {
            _rowsFile.Position = row;
            var tldrIndex = reader.ReadInt32();
            found.Add((reader.ReadString(), tldrIndex < 0 ? null : tldrIndex, reader.ReadString()));
        }

        _rowsFile.Seek(0, SeekOrigin.End);
        return found;
    }

    private static UInt128 Digest(string value)
    {
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> buffer = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(value, buffer);
            return XxHash128.HashToUInt128(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private readonly record struct Entry(UInt128 Digest, long Row) : IComparable<Entry>
    {
        public int CompareTo(Entry other)
        {
            var byDigest = Digest.CompareTo(other.Digest);
            return byDigest != 0 ? byDigest : Row.CompareTo(other.Row);
        }
    }
}
