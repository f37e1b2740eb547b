namespace SciTldr.Domain.Quality.RunLevel;

/// <summary>
/// The numbers a robust statistic is computed over, wherever they are kept: in memory (<see cref="ValueList"/>)
/// or spilled to disk for a whole run (<see cref="SpilledValues"/>). Every figure is exact.
/// </summary>
public interface IValueSample
{
    long Count { get; }

    /// <summary>The <paramref name="q"/>-quantile by linear interpolation between order statistics (type 7, as R and NumPy default).</summary>
    double Quantile(double q);

    /// <summary>The mean of |v − <paramref name="center"/>|.</summary>
    double MeanAbsoluteDeviation(double center);

    /// <summary>The sample of |v − <paramref name="center"/>| (for the MAD).</summary>
    IValueSample AbsoluteDeviations(double center);
}

/// <summary>A sample held in memory, sorted once on first use.</summary>
public sealed class ValueList : IValueSample
{
    private readonly IReadOnlyList<double> _values;
    private double[]? _sorted;

    public ValueList(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
    }

    public long Count => _values.Count;

    public double Quantile(double q)
    {
        if (_values.Count == 0)
        {
            throw new ArgumentException("no values");
        }

        if (_sorted is null)
        {
            _sorted = [.. _values];
            Array.Sort(_sorted);
        }

        return Interpolate(q, _sorted.Length, k => _sorted[k]);
    }

    public double MeanAbsoluteDeviation(double center) => _values.Average(v => Math.Abs(v - center));

    public IValueSample AbsoluteDeviations(double center) => new ValueList(_values.Select(v => Math.Abs(v - center)).ToArray());

    /// <summary>Type-7 interpolation between the order statistics around q·(n − 1); <paramref name="nth"/> gives the k-th smallest (0-based).</summary>
    internal static double Interpolate(double q, long count, Func<long, double> nth)
    {
        var position = q * (count - 1);
        var lower = (long)Math.Floor(position);
        var upper = Math.Min(lower + 1, count - 1);
        var low = nth(lower);
        var high = upper == lower ? low : nth(upper);
        return low + ((position - lower) * (high - low));
    }
}
