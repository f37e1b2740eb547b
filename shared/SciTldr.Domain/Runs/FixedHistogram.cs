using System.Text.Json.Serialization;

namespace SciTldr.Domain.Runs;

/// <summary>
/// Counts of values in fixed bins, so that histograms of partitions add up to the histogram of the run.
/// Bin <c>i</c> holds <c>Edges[i] &lt;= value &lt; Edges[i + 1]</c> (a value on an edge goes to the bin
/// above it), except the last bin, which also holds a value equal to the last edge so that e.g. a ROUGE
/// of exactly 1 is not an outlier. Values below the first edge count in <see cref="Below"/>, above the
/// last in <see cref="Above"/>; values that are not finite are not counted.
/// </summary>
public sealed record FixedHistogram
{
    private readonly double[] _edges;
    private readonly long[] _counts;

    public FixedHistogram(IReadOnlyList<double> edges, IReadOnlyList<long> counts, long below = 0, long above = 0)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(counts);
        if (edges.Count < 2)
        {
            throw new ArgumentException("a histogram needs at least two edges", nameof(edges));
        }

        for (var i = 1; i < edges.Count; i++)
        {
            if (!(edges[i] > edges[i - 1]) || !double.IsFinite(edges[i]) || !double.IsFinite(edges[i - 1]))
            {
                throw new ArgumentException("edges must be finite and strictly increasing", nameof(edges));
            }
        }

        if (counts.Count != edges.Count - 1)
        {
            throw new ArgumentException($"{edges.Count} edges make {edges.Count - 1} bins, not {counts.Count}", nameof(counts));
        }

        _edges = [.. edges];
        _counts = [.. counts];
        Below = below;
        Above = above;
    }

    public IReadOnlyList<double> Edges => _edges;

    public IReadOnlyList<long> Counts => _counts;

    public long Below { get; }

    public long Above { get; }

    /// <summary>Every counted value, in a bin or outside the edges.</summary>
    [JsonIgnore]
    public long Total => Below + Above + _counts.Sum();

    /// <summary>Edges <c>low, low + width, …, high</c>, rounded to 10 decimals so that 3 × 0.05 is the edge 0.15.</summary>
    public static IReadOnlyList<double> UniformEdges(double low, double high, double width)
    {
        var bins = (int)Math.Round((high - low) / width);
        if (bins < 1 || Math.Abs(low + (bins * width) - high) > width * 1e-9)
        {
            throw new ArgumentException($"[{low}, {high}] is not a whole number of bins of {width}");
        }

        return [.. Enumerable.Range(0, bins + 1).Select(i => Math.Round(low + (i * width), 10))];
    }

    public static FixedHistogram Of(IReadOnlyList<double> edges, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(values);
        var counts = new long[edges.Count - 1];
        long below = 0, above = 0;
        var sorted = edges as double[] ?? [.. edges];
        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                continue;
            }

            var bin = BinOf(sorted, value);
            if (bin < 0)
            {
                below++;
            }
            else if (bin >= counts.Length)
            {
                above++;
            }
            else
            {
                counts[bin]++;
            }
        }

        return new FixedHistogram(sorted, counts, below, above);
    }

    /// <summary>-1 below the first edge, <c>edges.Length - 1</c> above the last, else the bin.</summary>
    public static int BinOf(double[] edges, double value)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (value < edges[0])
        {
            return -1;
        }

        if (value >= edges[^1])
        {
            return value == edges[^1] ? edges.Length - 2 : edges.Length - 1;
        }

        var found = Array.BinarySearch(edges, value);
        return found >= 0 ? found : ~found - 1;
    }

    /// <summary>Adds the counts of a histogram with the same edges.</summary>
    public FixedHistogram Merge(FixedHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!_edges.AsSpan().SequenceEqual(other._edges))
        {
            throw new InvalidOperationException("histograms with different edges cannot be merged");
        }

        var counts = new long[_counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = _counts[i] + other._counts[i];
        }

        return new FixedHistogram(_edges, counts, Below + other.Below, Above + other.Above);
    }

    public bool Equals(FixedHistogram? other) =>
        other is not null
        && Below == other.Below
        && Above == other.Above
        && _edges.AsSpan().SequenceEqual(other._edges)
        && _counts.AsSpan().SequenceEqual(other._counts);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Below);
        hash.Add(Above);
        foreach (var count in _counts)
        {
            hash.Add(count);
        }

        return hash.ToHashCode();
    }
}

/// <summary>An exact sum and count of a metric, so that means of partitions merge without rounding.</summary>
/// <remarks>
/// The sum is a decimal: each value converts to at most 15 significant digits and adding those stays
/// exact far beyond any run's size, so merging in any grouping gives the same digits.
/// </remarks>
public sealed record MetricSum(decimal Sum, long Count)
{
    public static readonly MetricSum Zero = new(0m, 0);

    [JsonIgnore]
    public double? Mean => Count == 0 ? null : (double)(Sum / Count);

    public MetricSum Add(double value) => double.IsFinite(value) ? new(Sum + (decimal)value, Count + 1) : this;

    public MetricSum Merge(MetricSum other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Sum + other.Sum, Count + other.Count);
    }
}
