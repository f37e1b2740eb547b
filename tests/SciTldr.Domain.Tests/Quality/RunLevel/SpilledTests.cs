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

    [Fact]
    public void The_scratch_directory_is_made_on_first_use_and_gone_after_dispose()
    {
        var scratch = new ScratchDirectory(_parent);
        Assert.Null(scratch.Path);
        var values = new SpilledValues(scratch, "v");
        var path = scratch.Path!;
        Assert.True(Directory.Exists(path));
        Assert.Equal(2, Directory.GetFiles(path).Length);

        values.Dispose();
        scratch.Dispose();

        Assert.False(Directory.Exists(path));
        Assert.Throws<ObjectDisposedException>(() => scratch.Create("again"));
    }

    [Fact]
    public void Sweeping_deletes_only_scratch_and_spool_files_untouched_for_longer_than_the_age()
    {
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var old = now.UtcDateTime.AddHours(-30);
        string Scratch(string name, DateTime written, DateTime? fileWritten = null)
        {
            var directory = Directory.CreateDirectory(Path.Combine(_parent, ScratchDirectory.Prefix + name)).FullName;
            var file = Path.Combine(directory, "0001-values");
            File.WriteAllText(file, "x");
            File.SetLastWriteTimeUtc(file, fileWritten ?? written);
            Directory.SetLastWriteTimeUtc(directory, written);
            return directory;
        }

        var abandoned = Scratch("abandoned", old);
        var recentFile = Scratch("busy", old, fileWritten: now.UtcDateTime.AddMinutes(-1));   // a file still being written
        var fresh = Scratch("fresh", now.UtcDateTime.AddHours(-1));
        var oldSpool = Path.Combine(_parent, "scitldr-spool-0123.tmp");
        var newSpool = Path.Combine(_parent, "scitldr-spool-4567.tmp");
        var unrelated = Path.Combine(_parent, "someone-else.tmp");
        foreach (var file in new[] { oldSpool, newSpool, unrelated })
        {
            File.WriteAllText(file, "x");
            File.SetLastWriteTimeUtc(file, file == newSpool ? now.UtcDateTime : old);
        }

        var deleted = ScratchDirectory.SweepStale(_parent, TimeSpan.FromHours(24), now);

        Assert.Equal([abandoned, oldSpool], deleted.Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(recentFile) && Directory.Exists(fresh) && File.Exists(newSpool) && File.Exists(unrelated));
        Assert.Empty(ScratchDirectory.SweepStale(Path.Combine(_parent, "missing"), TimeSpan.FromHours(24), now));
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
