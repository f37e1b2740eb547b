using SciTldr.Domain.Runs;

namespace SciTldr.Domain.Tests.Runs;

public sealed class FixedHistogramTests
{
    private static readonly IReadOnlyList<double> Edges = [0, 10, 20, 30];

    [Fact]
    public void A_value_on_an_inner_edge_goes_to_the_bin_above()
    {
        var histogram = FixedHistogram.Of(Edges, [10, 20, 9.999]);

        Assert.Equal([1L, 1L, 1L], histogram.Counts);
    }

    [Fact]
    public void The_first_edge_is_in_the_first_bin_and_the_last_edge_in_the_last()
    {
        var histogram = FixedHistogram.Of(Edges, [0, 30]);

        Assert.Equal([1L, 0L, 1L], histogram.Counts);
        Assert.Equal((0L, 0L), (histogram.Below, histogram.Above));
    }

    [Fact]
    public void Values_outside_the_edges_count_below_and_above_and_non_finite_ones_not_at_all()
    {
        var histogram = FixedHistogram.Of(Edges, [-0.001, -5, 30.0001, 1e9, double.NaN, double.PositiveInfinity]);

        Assert.Equal((2L, 2L), (histogram.Below, histogram.Above));
        Assert.Equal([0L, 0L, 0L], histogram.Counts);
        Assert.Equal(4, histogram.Total);
    }

    [Fact]
    public void Uniform_edges_are_exact_decimals_so_a_score_of_0_15_lands_in_its_own_bin()
    {
        var edges = FixedHistogram.UniformEdges(0, 1, 0.05);

        Assert.Equal(21, edges.Count);
        Assert.Equal(0.15, edges[3]);
        Assert.Equal(1.0, edges[^1]);
        Assert.Equal([0L, 0L, 0L, 1L], FixedHistogram.Of(edges, [0.15]).Counts.Take(4));
        Assert.Equal(1, FixedHistogram.Of(edges, [1.0]).Counts[^1]);
    }

    [Fact]
    public void Merging_adds_counts_and_equals_counting_everything_at_once()
    {
        double[] left = [-1, 0, 5, 10, 31], right = [10, 15, 29.9, 30, 40];

        var merged = FixedHistogram.Of(Edges, left).Merge(FixedHistogram.Of(Edges, right));

        Assert.Equal(FixedHistogram.Of(Edges, [.. left, .. right]), merged);
        Assert.Equal([2L, 3L, 2L], merged.Counts);
        Assert.Equal((1L, 2L), (merged.Below, merged.Above));
    }

    [Fact]
    public void Histograms_with_other_edges_do_not_merge()
    {
        var ours = FixedHistogram.Of(Edges, [1]);
        var theirs = FixedHistogram.Of([0, 10, 20, 31], [1]);

        Assert.Throws<InvalidOperationException>(() => ours.Merge(theirs));
    }

    [Fact]
    public void Edges_must_increase_and_match_the_counts()
    {
        Assert.Throws<ArgumentException>(() => new FixedHistogram([0, 0, 1], [0, 0]));
        Assert.Throws<ArgumentException>(() => new FixedHistogram([0, 1, 2], [0]));
        Assert.Throws<ArgumentException>(() => new FixedHistogram([0], []));
    }
}
