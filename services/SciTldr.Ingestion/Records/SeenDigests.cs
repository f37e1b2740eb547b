using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using SciTldr.Domain;

namespace SciTldr.Ingestion.Records;

/// <summary>
/// The set of 128-bit digests a run has seen, answering "new or seen?" one digest at a time while holding
/// little of it in memory: the newest digests (up to <see cref="DefaultRecentCapacity"/>) in a hash set,
/// the older ones in sorted files on disk (a log-structured merge: each full batch is written sorted, and two
/// files of similar size are merged into one, so there are only a few files, the biggest ones oldest). Each
/// file keeps in memory a Bloom filter (12 to 24 bits a digest, a power of two in all, 8 probes: at most about
/// 0.3 % false positives) and the
/// first digest of every 4 KB block, so a lookup reads at most one block from disk, and only when the filter
/// says "maybe". A million digests cost a few MB of memory instead of about 100 MB for a hash set.
/// </summary>
public sealed class SeenDigests : IDisposable
{
    public const int DefaultRecentCapacity = 1 << 16;

    private readonly ScratchDirectory _scratch;
    private readonly int _recentCapacity;
    private readonly HashSet<UInt128> _recent;
    private readonly List<SortedRun> _runs = [];
    private readonly byte[] _block = new byte[SortedRun.BlockBytes];

    public SeenDigests(ScratchDirectory scratch, int recentCapacity = DefaultRecentCapacity)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        ArgumentOutOfRangeException.ThrowIfLessThan(recentCapacity, 1);
        _scratch = scratch;
        _recentCapacity = recentCapacity;
        _recent = new HashSet<UInt128>(recentCapacity);
    }

    public long Count { get; private set; }

    /// <summary>The files on disk (for tests and diagnostics).</summary>
    public int Files => _runs.Count;

    /// <summary>Adds <paramref name="digest"/>; false when it was seen before.</summary>
    public bool Add(UInt128 digest)
    {
        if (_recent.Contains(digest))
        {
            return false;
        }

        foreach (var run in _runs)
        {
            if (run.Contains(digest, _block))
            {
                return false;
            }
        }

        _recent.Add(digest);
        Count++;
        if (_recent.Count >= _recentCapacity)
        {
            Spill();
        }

        return true;
    }

    public void Dispose()
    {
        foreach (var run in _runs)
        {
            run.Dispose();
        }

        _runs.Clear();
    }

    private void Spill()
    {
        var sorted = _recent.ToArray();
        Array.Sort(sorted);
        _recent.Clear();
        _runs.Add(SortedRun.Write(_scratch, sorted.Length, sorted));
        while (_runs.Count >= 2 && _runs[^2].Count <= 2 * _runs[^1].Count)
        {
            var (older, newer) = (_runs[^2], _runs[^1]);
            var merged = SortedRun.Write(_scratch, older.Count + newer.Count, Merge(older.ReadAll(), newer.ReadAll()));
            older.Dispose();
            newer.Dispose();
            _runs.RemoveRange(_runs.Count - 2, 2);
            _runs.Add(merged);
        }
    }

    private static IEnumerable<UInt128> Merge(IEnumerable<UInt128> first, IEnumerable<UInt128> second)
    {
        using var a = first.GetEnumerator();
        using var b = second.GetEnumerator();
        var hasA = a.MoveNext();
        var hasB = b.MoveNext();
        while (hasA || hasB)
        {
            if (hasA && (!hasB || a.Current < b.Current))
            {
                yield return a.Current;
                hasA = a.MoveNext();
            }
            else
            {
                yield return b.Current;
                hasB = b.MoveNext();
            }
        }
    }

    /// <summary>One sorted file of digests with its Bloom filter and block index in memory.</summary>
    private sealed class SortedRun : IDisposable
    {
        public const int DigestBytes = 16;
        public const int BlockDigests = 256;
        public const int BlockBytes = BlockDigests * DigestBytes;
        private const int BitsPerDigest = 12;
        private const int Probes = 8;

        private readonly FileStream _file;
        private readonly ulong[] _bloom;
        private readonly ulong _mask;
        private readonly UInt128[] _blockFirsts;

        private SortedRun(FileStream file, long count)
        {
            _file = file;
            Count = count;
            var bits = System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)Math.Max(64, count * BitsPerDigest));
            _mask = bits - 1;
            _bloom = new ulong[bits / 64];
            _blockFirsts = new UInt128[(count + BlockDigests - 1) / BlockDigests];
        }

        public long Count { get; }

        private SafeFileHandle Handle => _file.SafeFileHandle;

        /// <summary>Writes <paramref name="count"/> ascending, distinct digests to a new file.</summary>
        public static SortedRun Write(ScratchDirectory scratch, long count, IEnumerable<UInt128> ascending)
        {
            var run = new SortedRun(scratch.Create("seen-digests"), count);
            Span<byte> bytes = stackalloc byte[DigestBytes];
            var written = 0L;
            foreach (var digest in ascending)
            {
                if (written % BlockDigests == 0)
                {
                    run._blockFirsts[written / BlockDigests] = digest;
                }

                BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)(digest >> 64));
                BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], (ulong)digest);
                run._file.Write(bytes);
                run.SetBits(digest);
                written++;
            }

            if (written != count)
            {
                throw new InvalidOperationException($"expected {count} digests, got {written}");
            }

            run._file.Flush();
            return run;
        }

        public bool Contains(UInt128 digest, byte[] block)
        {
            if (!MaybeContains(digest) || digest < _blockFirsts[0])
            {
                return false;
            }

            // The last block whose first digest is not above the one looked for.
            var index = Array.BinarySearch(_blockFirsts, digest);
            if (index >= 0)
            {
                return true;
            }

            var blockIndex = ~index - 1;
            var digests = (int)Math.Min(BlockDigests, Count - ((long)blockIndex * BlockDigests));
            var span = block.AsSpan(0, digests * DigestBytes);
            RandomAccess.Read(Handle, span, (long)blockIndex * BlockBytes);
            int low = 0, high = digests - 1;
            while (low <= high)
            {
                var middle = (low + high) >>> 1;
                var at = Read(span, middle);
                if (at == digest)
                {
                    return true;
                }

                if (at < digest)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return false;
        }

        public IEnumerable<UInt128> ReadAll()
        {
            var buffer = new byte[BlockBytes * 16];
            var offset = 0L;
            int read;
            while ((read = RandomAccess.Read(Handle, buffer, offset)) > 0)
            {
                offset += read;
                for (var i = 0; i < read / DigestBytes; i++)
                {
                    yield return Read(buffer, i);
                }
            }
        }

        public void Dispose()
        {
            var path = _file.Name;
            _file.Dispose();
            File.Delete(path);
        }

        private static UInt128 Read(ReadOnlySpan<byte> bytes, int index) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[(index * DigestBytes)..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[((index * DigestBytes) + 8)..]));

        private void SetBits(UInt128 digest)
        {
            var (h1, h2) = ((ulong)digest, (ulong)(digest >> 64) | 1);
            for (var i = 0UL; i < Probes; i++)
            {
                var bit = (h1 + (i * h2)) & _mask;
                _bloom[bit >> 6] |= 1UL << (int)(bit & 63);
            }
        }

        private bool MaybeContains(UInt128 digest)
        {
            var (h1, h2) = ((ulong)digest, (ulong)(digest >> 64) | 1);
            for (var i = 0UL; i < Probes; i++)
            {
                var bit = (h1 + (i * h2)) & _mask;
                if ((_bloom[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
