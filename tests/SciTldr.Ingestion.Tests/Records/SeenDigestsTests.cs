using SciTldr.Domain;
using SciTldr.Ingestion.Records;

namespace SciTldr.Ingestion.Tests.Records;

public sealed class SeenDigestsTests : IDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("scitldr-seen-tests-").FullName;

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Answers_new_or_seen_exactly_like_a_hash_set_while_spilling_to_merged_files(int recent)
    {
        using var scratch = new ScratchDirectory(_parent);
        using var seen = new SeenDigests(scratch, recent);
        var reference = new HashSet<UInt128>();
        var random = new Random(recent);
        var maxFiles = 0;
        for (var i = 0; i < 40_000; i++)
        {
            // About a third repeats, some of them long after their first occurrence (already on disk).
            var digest = new UInt128((ulong)random.Next(30_000), (ulong)random.NextInt64() % 30_000 * 0x9E3779B97F4A7C15UL);
            var value = random.Next(3) == 0 && i > 0 ? Pick(random, reference) : digest;
            Assert.Equal(reference.Add(value), seen.Add(value));
            maxFiles = Math.Max(maxFiles, seen.Files);
        }

        Assert.Equal(reference.Count, seen.Count);
        Assert.All(reference, d => Assert.False(seen.Add(d)));
        Assert.True(maxFiles <= 2 * Math.Log2(40_000.0 / recent) + 2, $"{maxFiles} files for {reference.Count} digests");
        if (recent < 1000)
        {
            Assert.True(seen.Files >= 1);
        }
    }

    [Fact]
    public void Boundary_digests_are_found_the_first_and_last_of_every_block_and_the_extremes()
    {
        using var scratch = new ScratchDirectory(_parent);
        using var seen = new SeenDigests(scratch, 1000);
        var all = Enumerable.Range(0, 5000).Select(i => (UInt128)(ulong)i * 3 + 1).Append(UInt128.MaxValue).Append(UInt128.Zero).ToList();
        Assert.All(all, d => Assert.True(seen.Add(d)));
        Assert.All(all, d => Assert.False(seen.Add(d)));
        Assert.True(seen.Add(2));           // between two stored digests
        Assert.True(seen.Add(UInt128.MaxValue - 1));
    }

    [Fact]
    public void Dispose_removes_its_files()
    {
        var scratch = new ScratchDirectory(_parent);
        var seen = new SeenDigests(scratch, 10);
        for (var i = 0; i < 100; i++)
        {
            seen.Add((UInt128)i);
        }

        Assert.NotEmpty(Directory.GetFiles(scratch.Path!));
        seen.Dispose();
        Assert.Empty(Directory.GetFiles(scratch.Path!));
        scratch.Dispose();
    }

    private static UInt128 Pick(Random random, HashSet<UInt128> set) => set.ElementAt(random.Next(Math.Min(set.Count, 50)));
}
