using System.Runtime.InteropServices;

namespace SciTldr.Domain.Quality.RunLevel;

/// <summary>
/// One number per row of a whole run, with the row it came from, kept on disk so that a run's size does not
/// decide the memory its quality pass needs: the values go to one file of doubles, the rows (paper id, TLDR
/// index) to another. Order statistics are exact, found by radix selection: each pass reads the values once
/// and counts the next 16 bits of the ones still in play (at most four passes, fewer once they are all equal),
/// in 512 KB whatever the run's size.
/// </summary>
public sealed class SpilledValues : IDisposable
{
    private const int BufferValues = 8192;

    private readonly FileStream _values;
    private readonly FileStream _rowsFile;
    private readonly BinaryWriter _rows;
    private readonly double[] _pending = new double[BufferValues];
    private int _pendingCount;

    public SpilledValues(ScratchDirectory scratch, string name)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        _values = scratch.Create($"{name}.values");
        _rowsFile = scratch.Create($"{name}.rows");
        _rows = new BinaryWriter(_rowsFile);
        Sample = new View(this, null);
    }

    private delegate void ChunkAction(ReadOnlySpan<double> values);

    public long Count { get; private set; }

    /// <summary>The values as a sample for <see cref="RobustStatistics"/>.</summary>
    public IValueSample Sample { get; }

    public void Add(double value, string paperId, int? tldrIndex)
    {
        _pending[_pendingCount++] = value;
        if (_pendingCount == BufferValues)
        {
            FlushValues();
        }

        _rows.Write(tldrIndex ?? -1);
        _rows.Write(paperId);
        Count++;
    }

    /// <summary>The rows whose value is below <paramref name="low"/> or above <paramref name="high"/>, in the order they were added.</summary>
    public IEnumerable<(double Value, string PaperId, int? TldrIndex)> Outside(double low, double high)
    {
        FlushValues();
        _rows.Flush();
        _rowsFile.Position = 0;
        using var rows = new BinaryReader(_rowsFile, System.Text.Encoding.UTF8, leaveOpen: true);
        var buffer = new byte[BufferValues * sizeof(double)];
        _values.Position = 0;
        int read;
        while ((read = _values.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
        {
            var count = read / sizeof(double);
            for (var i = 0; i < count; i++)
            {
                var value = BitConverter.ToDouble(buffer, i * sizeof(double));
                var tldrIndex = rows.ReadInt32();
                var paperId = rows.ReadString();
                if (value < low || value > high)
                {
                    yield return (value, paperId, tldrIndex < 0 ? null : tldrIndex);
                }
            }
        }
    }

    public void Dispose()
    {
        _rows.Dispose();
        _values.Dispose();
    }

    /// <summary>An order-preserving map of doubles to unsigned integers (−0 and 0 share one key).</summary>
    internal static ulong Key(double value)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value == 0 ? 0d : value);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    internal static double FromKey(ulong key) =>
        BitConverter.Int64BitsToDouble((key & 0x8000_0000_0000_0000UL) != 0 ? (long)(key & 0x7FFF_FFFF_FFFF_FFFFUL) : (long)~key);

    private void FlushValues()
    {
        if (_pendingCount > 0)
        {
            _values.Seek(0, SeekOrigin.End);
            _values.Write(MemoryMarshal.AsBytes(_pending.AsSpan(0, _pendingCount)));
            _pendingCount = 0;
        }
    }

    /// <summary>Reads every value once, in chunks.</summary>
    private void Scan(ChunkAction action)
    {
        FlushValues();
        var buffer = new byte[BufferValues * sizeof(double)];
        _values.Position = 0;
        int read;
        while ((read = _values.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
        {
            action(MemoryMarshal.Cast<byte, double>(buffer.AsSpan(0, read)));
        }
    }

    /// <summary>The values, or their distances from a center, as a sample.</summary>
    private sealed class View(SpilledValues owner, double? center) : IValueSample
    {
        private long _lastRank = -1;
        private double _lastValue;

        public long Count => owner.Count;

        public double Quantile(double q)
        {
            if (Count == 0)
            {
                throw new ArgumentException("no values");
            }

            return ValueList.Interpolate(q, Count, Nth);
        }

        public double MeanAbsoluteDeviation(double around)
        {
            var sum = 0d;
            owner.Scan(values =>
            {
                foreach (var value in values)
                {
                    sum += Math.Abs(Map(value) - around);
                }
            });
            return sum / Count;
        }

        public IValueSample AbsoluteDeviations(double around) =>
            center is null ? new View(owner, around) : throw new NotSupportedException("deviations of deviations are not needed");

        private double Map(double value) => center is { } c ? Math.Abs(value - c) : value;

        /// <summary>The k-th smallest (0-based); the next rank after the last one asked costs one pass.</summary>
        private double Nth(long rank)
        {
            var value = rank == _lastRank + 1 && _lastRank >= 0 ? Next(_lastRank, _lastValue) : Select(rank);
            (_lastRank, _lastValue) = (rank, value);
            return value;
        }

        private double Select(long rank)
        {
            var counts = new long[1 << 16];
            var prefix = 0UL;
            for (var pass = 0; pass < 4; pass++)
            {
                var shift = 48 - (16 * pass);
                var all = pass == 0;
                var inPlay = prefix;
                var min = ulong.MaxValue;
                var max = ulong.MinValue;
                Array.Clear(counts);
                owner.Scan(values =>
                {
                    foreach (var value in values)
                    {
                        var key = Key(Map(value));
                        if (all || key >> (shift + 16) == inPlay)
                        {
                            counts[(int)((key >> shift) & 0xFFFF)]++;
                            min = Math.Min(min, key);
                            max = Math.Max(max, key);
                        }
                    }
                });

                if (min == max)
                {
                    return FromKey(min);
                }

                var digit = 0;
                while (rank >= counts[digit])
                {
                    rank -= counts[digit];
                    digit++;
                }

                prefix = (prefix << 16) | (uint)digit;
            }

            return FromKey(prefix);
        }

        /// <summary>The order statistic after rank <paramref name="rank"/>, whose value is <paramref name="value"/>.</summary>
        private double Next(long rank, double value)
        {
            var at = Key(value);
            var notAbove = 0L;
            var above = ulong.MaxValue;
            owner.Scan(values =>
            {
                foreach (var v in values)
                {
                    var key = Key(Map(v));
                    if (key <= at)
                    {
                        notAbove++;
                    }
                    else if (key < above)
                    {
                        above = key;
                    }
                }
            });
            return notAbove > rank + 1 ? value : FromKey(above);
        }
    }
}
