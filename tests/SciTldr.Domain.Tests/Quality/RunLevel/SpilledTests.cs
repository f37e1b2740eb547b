using SciTldr.Domain.Quality.RunLevel;

namespace SciTldr.Domain.Tests.Quality.RunLevel;

public sealed class SpilledTests : IDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("scitldr-spill-tests-").FullName;

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    public static TheoryData<string> Samples => ["integers with ties", "one value", "negative and fractional", "two values", "large, mostly equal"];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Spilled_quantiles_MAD_and_fences_equal_the_in_memory_ones_exactly(string sample)
    {
        var values = Sample(sample);
        using var scratch = new ScratchDirectory(_parent);
        using var spilled = new SpilledValues(scratch, "words");
        for (var i = 0; i < values.Length; i++)
        {
            spilled.Add(values[i], $"p{i}", i % 3 == 0 ? null : i % 3);
        }

        Assert.Equal(values.Length, spilled.Count);
        var inMemory = new ValueList(values);
        foreach (var q in new[] { 0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999, 1 })
        {
            Assert.Equal(inMemory.Quantile(q), spilled.Sample.Quantile(q));
        }

        var median = inMemory.Quantile(0.5);
        Assert.Equal(inMemory.AbsoluteDeviations(median).Quantile(0.5), spilled.Sample.AbsoluteDeviations(median).Quantile(0.5));
        Assert.Equal(inMemory.MeanAbsoluteDeviation(median), spilled.Sample.MeanAbsoluteDeviation(median), 9);
        foreach (var method in new[] { "mad", "iqr" })
        {
            var expected = RobustStatistics.Fences(values, method, 3);
            var actual = RobustStatistics.Fences(spilled.Sample, method, 3);
            Assert.Equal(expected.Low, actual.Low, 9);
            Assert.Equal(expected.High, actual.High, 9);
            Assert.Equal(expected.Center, actual.Center);
        }
    }

    [Fact]
    public void Outside_gives_the_rows_beyond_the_fences_in_the_order_they_were_added_with_their_ids()
    {
        using var scratch = new ScratchDirectory(_parent);
        using var spilled = new SpilledValues(scratch, "words");
        var values = Sample("integers with ties");
        for (var i = 0; i < values.Length; i++)
        {
            spilled.Add(values[i], $"paper-{i}-é", i % 2 == 0 ? null : 1);
        }

        var expected = values.Select((v, i) => (v, i)).Where(x => x.v < 3 || x.v > 40).ToList();
        var outside = spilled.Outside(3, 40).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(x => (x.v, $"paper-{x.i}-é", x.i % 2 == 0 ? (int?)null : 1)), outside);
    }

    [Fact]
    public void Repeats_counts_every_later_occurrence_and_returns_the_earliest_ones_in_row_order()
    {
        using var scratch = new ScratchDirectory(_parent);
        using var digests = new SpilledDigests(scratch, "title");
        var random = new Random(7);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var expected = new List<(string, int?, string)>();
        for (var i = 0; i < 50_000; i++)
        {
            var value = $"title {random.Next(40_000)}" + (i % 1000 == 0 ? new string('x', 2000) : "");
            int? tldr = i % 2 == 0 ? null : i % 5;
            digests.Add(value, $"id{i}", tldr);
            if (!seen.Add(value))
            {
                expected.Add(($"id{i}", tldr, value));
            }
        }

        var (repeats, first) = digests.Repeats(100);

        Assert.Equal(50_000, digests.Count);
        Assert.Equal(expected.Count, repeats);
        Assert.Equal(expected.Take(100), first);
        Assert.Equal(expected.Count, digests.Repeats(int.MaxValue).First.Count);
        Assert.Empty(digests.Repeats(0).First);
    }

    private static double[] Sample(string name)
    {
        var random = new Random(name.Length);
        return name switch
        {
            "integers with ties" => [.. Enumerable.Range(0, 20_011).Select(_ => (double)random.Next(1, 30)), 200, 0, 95],
            "one value" => [42],
            "two values" => [-1, 1],
            "negative and fractional" => [.. Enumerable.Range(0, 9_999).Select(_ => (random.NextDouble() - 0.7) * 1e6), -0.0, 0.0, double.Epsilon],
            "large, mostly equal" => [.. Enumerable.Repeat(12d, 30_000), 13, 11, 400],
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }
}
