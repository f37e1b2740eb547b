namespace SciTldr.Domain.Quality.RunLevel;

/// <summary>A histogram over fixed bin edges: bin 0 holds values below the first edge, the last bin values at or above the last edge.</summary>
public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts)
{
    public long Total => Counts.Sum();

    public static Histogram Of(IEnumerable<double> values, IReadOnlyList<double> edges)
    {
        var counts = new long[edges.Count + 1];
        foreach (var value in values)
        {
            counts[BinOf(value, edges)]++;
        }

        return new Histogram(edges, counts);
    }

    public static int BinOf(double value, IReadOnlyList<double> edges)
    {
        var bin = 0;
        while (bin < edges.Count && value >= edges[bin])
        {
            bin++;
        }

        return bin;
    }

    public bool SameBinsAs(Histogram other) => Edges.SequenceEqual(other.Edges);
}

/// <summary>Distances between two histograms over the same bins: how far a run's distribution moved from its baseline.</summary>
public static class Distributions
{
    /// <summary>Share given to an empty bin so that PSI stays finite (a common choice; documented in docs/quality.md).</summary>
    public const double EmptyBinShare = 1e-4;

    /// <summary>
    /// Population stability index: Σ (aᵢ − eᵢ)·ln(aᵢ / eᵢ) over the bins' shares (actual vs expected).
    /// Rule of thumb: below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 a large one.
    /// </summary>
    public static double Psi(Histogram expected, Histogram actual)
    {
        EnsureComparable(expected, actual);
        var psi = 0.0;
        for (var i = 0; i < expected.Counts.Count; i++)
        {
            var e = Math.Max((double)expected.Counts[i] / expected.Total, EmptyBinShare);
            var a = Math.Max((double)actual.Counts[i] / actual.Total, EmptyBinShare);
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }

    /// <summary>Kolmogorov–Smirnov statistic on the binned distributions: the largest gap between the two cumulative shares.</summary>
    public static double Ks(Histogram expected, Histogram actual)
    {
        EnsureComparable(expected, actual);
        double cumulativeE = 0, cumulativeA = 0, max = 0;
        for (var i = 0; i < expected.Counts.Count; i++)
        {
            cumulativeE += (double)expected.Counts[i] / expected.Total;
            cumulativeA += (double)actual.Counts[i] / actual.Total;
            max = Math.Max(max, Math.Abs(cumulativeE - cumulativeA));
        }

        return max;
    }

    private static void EnsureComparable(Histogram expected, Histogram actual)
    {
        if (!expected.SameBinsAs(actual))
        {
            throw new ArgumentException("the histograms have different bins");
        }

        if (expected.Total == 0 || actual.Total == 0)
        {
            throw new ArgumentException("an empty histogram has no distribution");
        }
    }
}
