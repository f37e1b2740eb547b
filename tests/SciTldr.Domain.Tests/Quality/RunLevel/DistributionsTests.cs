using SciTldr.Domain.Quality.RunLevel;

namespace SciTldr.Domain.Tests.Quality.RunLevel;

public sealed class DistributionsTests
{
    private static readonly double[] Edges = [10, 20, 30];

    [Fact]
    public void Values_fall_in_bins_below_between_and_above_the_edges()
    {
        var histogram = Histogram.Of([5, 10, 15, 20, 29.9, 30, 99], Edges);

        Assert.Equal([1L, 2, 2, 2], histogram.Counts);
        Assert.Equal(7, histogram.Total);
    }

    [Fact]
    public void Identical_distributions_have_no_drift()
    {
        var a = new Histogram(Edges, [10, 20, 30, 40]);
        var b = new Histogram(Edges, [20, 40, 60, 80]);

        Assert.Equal(0, Distributions.Psi(a, b), 12);
        Assert.Equal(0, Distributions.Ks(a, b), 12);
    }

    [Fact]
    public void Psi_and_ks_match_hand_worked_values()
    {
        var expected = new Histogram(Edges, [25, 25, 25, 25]);
        var actual = new Histogram(Edges, [50, 25, 25, 0]);

        // (0.5-0.25)ln(2) + 0 + 0 + (1e-4 - 0.25)ln(1e-4/0.25)
        var psi = (0.25 * Math.Log(2)) + ((1e-4 - 0.25) * Math.Log(1e-4 / 0.25));
        Assert.Equal(psi, Distributions.Psi(expected, actual), 9);
        Assert.Equal(0.25, Distributions.Ks(expected, actual), 12);
    }

    [Fact]
    public void Histograms_over_different_bins_cannot_be_compared()
    {
        Assert.Throws<ArgumentException>(() => Distributions.Psi(new Histogram(Edges, [1, 1, 1, 1]), new Histogram([1, 2, 3], [1, 1, 1, 1])));
        Assert.Throws<ArgumentException>(() => Distributions.Ks(new Histogram(Edges, [0, 0, 0, 0]), new Histogram(Edges, [1, 1, 1, 1])));
    }
}
