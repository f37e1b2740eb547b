using SciTldr.Domain.Quality.RunLevel;

namespace SciTldr.Domain.Tests.Quality.RunLevel;

public sealed class RobustStatisticsTests
{
    [Fact]
    public void Median_mad_and_quantiles_match_hand_worked_values()
    {
        double[] values = [1, 2, 3, 4, 100];

        Assert.Equal(3, RobustStatistics.Median(values));
        Assert.Equal(1, RobustStatistics.Mad(values));          // |x - 3| = 2 1 0 1 97 → median 1
        Assert.Equal(2, RobustStatistics.Quantile(values, 0.25));
        Assert.Equal(4, RobustStatistics.Quantile(values, 0.75));
        Assert.Equal(2.5, RobustStatistics.Median([1, 2, 3, 4]));
    }

    [Fact]
    public void Mad_fences_flag_the_far_value_and_keep_the_rest()
    {
        double[] values = [10, 11, 12, 13, 14, 15, 16, 80];

        var (low, high, center, spread) = RobustStatistics.Fences(values, "mad", 3);

        Assert.Equal(13.5, center);
        Assert.Equal(2 * RobustStatistics.MadToSigma, spread, 9);
        Assert.True(80 > high);
        Assert.All(values.Where(v => v != 80), v => Assert.InRange(v, low, high));
    }

    [Fact]
    public void Iqr_fences_are_tukeys()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9];

        var (low, high, _, iqr) = RobustStatistics.Fences(values, "iqr", 1.5);

        Assert.Equal((3.0, 7.0, 4.0), (RobustStatistics.Quantile(values, 0.25), RobustStatistics.Quantile(values, 0.75), iqr));
        Assert.Equal((-3.0, 13.0), (low, high));
    }

    [Fact]
    public void A_mostly_constant_column_does_not_flag_every_other_value()
    {
        // MAD is 0 here (most values are 10); the mean absolute deviation stands in, so the values
        // around 10 are not "infinitely" far from it, while a far one still is.
        double[] values = [10, 10, 10, 10, 10, 10, 11, 12, 9, 10, 10, 10];

        var (low, high, _, spread) = RobustStatistics.Fences(values, "mad", 6);

        Assert.True(spread > 0);
        Assert.All(values, v => Assert.InRange(v, low, high));
        Assert.True(40 > high);
    }

    [Fact]
    public void Robust_z_measures_distance_from_the_history_in_robust_sigmas()
    {
        double[] history = [100, 102, 98, 101, 99];

        Assert.Equal(0, RobustStatistics.RobustZ(100, history));
        Assert.True(RobustStatistics.RobustZ(200, history) > 10);
        Assert.True(RobustStatistics.RobustZ(10, history) < -10);
        Assert.Equal(0, RobustStatistics.RobustZ(5, [5, 5, 5]));
        Assert.Equal(double.PositiveInfinity, RobustStatistics.RobustZ(6, [5, 5, 5]));
    }
}
