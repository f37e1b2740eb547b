namespace SciTldr.Domain.Quality.RunLevel;

/// <summary>Order statistics that outliers cannot drag: median, MAD, quartiles (exact, in memory or over a spilled sample).</summary>
public static class RobustStatistics
{
    /// <summary>Scales a MAD to a standard deviation for normally distributed data.</summary>
    public const double MadToSigma = 1.4826;

    public static double Median(IReadOnlyList<double> values) => Quantile(values, 0.5);

    /// <summary>Median absolute deviation from the median (unscaled).</summary>
    public static double Mad(IReadOnlyList<double> values)
    {
        var sample = new ValueList(values);
        return Mad(sample, sample.Quantile(0.5));
    }

    private static double Mad(IValueSample sample, double median) => sample.AbsoluteDeviations(median).Quantile(0.5);

    /// <summary>The <paramref name="q"/>-quantile by linear interpolation between order statistics (type 7, as R and NumPy default).</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        return new ValueList(values).Quantile(q);
    }

    /// <summary>
    /// The fences beyond which a value is an outlier: median ± k·MAD·1.4826 (<c>mad</c>), or Tukey's
    /// Q1 − k·IQR and Q3 + k·IQR (<c>iqr</c>). A MAD of zero (most values equal) falls back to the mean
    /// absolute deviation, so that a column of mostly identical values does not flag every other value.
    /// </summary>
    public static (double Low, double High, double Center, double Spread) Fences(IReadOnlyList<double> values, string method, double k) =>
        Fences(new ValueList(values), method, k);

    /// <inheritdoc cref="Fences(IReadOnlyList{double}, string, double)"/>
    public static (double Low, double High, double Center, double Spread) Fences(IValueSample values, string method, double k)
    {
        ArgumentNullException.ThrowIfNull(values);
        switch (method)
        {
            case "mad":
            {
                var median = values.Quantile(0.5);
                var mad = Mad(values, median);
                var spread = mad > 0 ? mad * MadToSigma : values.MeanAbsoluteDeviation(median) * 1.2533;
                return (median - (k * spread), median + (k * spread), median, spread);
            }

            case "iqr":
            {
                var q1 = values.Quantile(0.25);
                var q3 = values.Quantile(0.75);
                var iqr = q3 - q1;
                return (q1 - (k * iqr), q3 + (k * iqr), values.Quantile(0.5), iqr);
            }

            default:
                throw new ArgumentException($"unknown outlier method '{method}' (mad or iqr)", nameof(method));
        }
    }

    /// <summary>
    /// How unusual <paramref name="value"/> is against <paramref name="history"/>: (value − median) / (1.4826·MAD).
    /// With a MAD of zero the mean absolute deviation stands in; when the history is constant, any other
    /// value is infinitely unusual and the same value not at all.
    /// </summary>
    public static double RobustZ(double value, IReadOnlyList<double> history)
    {
        var median = Median(history);
        var mad = Mad(history) * MadToSigma;
        if (mad <= 0)
        {
            mad = history.Average(v => Math.Abs(v - median)) * 1.2533;
        }

        if (mad <= 0)
        {
            return value == median ? 0 : double.PositiveInfinity * Math.Sign(value - median);
        }

        return (value - median) / mad;
    }
}
