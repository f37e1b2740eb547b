using BenchmarkDotNet.Attributes;
using SciTldr.Domain;
using SciTldr.Domain.Quality.RunLevel;
using SciTldr.Ingestion.Records;

namespace SciTldr.Benchmarks;

/// <summary>
/// The state that grows with a run, kept on disk so that memory does not (docs/performance.md): ingestion's
/// accepted-id set (against the in-memory hash set it replaced), and the run-level quality rules' spilled
/// uniqueness and outlier passes. Per row; scratch files go to the temp directory.
/// </summary>
[MemoryDiagnoser]
public class RunScaleBenchmarks
{
    private const int Rows = 200_000;
    private UInt128[] _digests = [];
    private string[] _ids = [];
    private double[] _words = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _digests = [.. Enumerable.Range(0, Rows).Select(_ => new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()))];
        _ids = [.. Enumerable.Range(0, Rows).Select(i => $"synthetic-{i % (Rows - 1000):D8}")];   // 1,000 repeats at the end
        _words = [.. Enumerable.Range(0, Rows).Select(_ => (double)Math.Max(1, (int)(18 + (6 * NextGaussian(random)))))];
    }

    /// <summary>Ingestion's accepted-id set: new-or-seen for each of 200,000 distinct digests (per digest).</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public long SeenDigestsAdd()
    {
        using var scratch = new ScratchDirectory();
        using var seen = new SeenDigests(scratch);
        foreach (var digest in _digests)
        {
            seen.Add(digest);
        }

        return seen.Count;
    }

    /// <summary>The in-memory hash set it replaced, for comparison (per digest).</summary>
    [Benchmark(OperationsPerInvoke = Rows, Baseline = true)]
    public long HashSetAdd()
    {
        var seen = new HashSet<UInt128>();
        foreach (var digest in _digests)
        {
            seen.Add(digest);
        }

        return seen.Count;
    }

    /// <summary>paper_id_unique over a run: spill every id, then find the repeats (per row).</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public long SpilledUniqueness()
    {
        using var scratch = new ScratchDirectory();
        using var digests = new SpilledDigests(scratch, "paper_id");
        for (var i = 0; i < _ids.Length; i++)
        {
            digests.Add(_ids[i], _ids[i], null);
        }

        return digests.Repeats(10_001).Repeats;
    }

    /// <summary>tldr_length_outlier over a run: spill every value, MAD fences by radix selection, then the rows outside (per row).</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public long SpilledOutliers()
    {
        using var scratch = new ScratchDirectory();
        using var values = new SpilledValues(scratch, "words");
        for (var i = 0; i < _words.Length; i++)
        {
            values.Add(_words[i], _ids[i], 0);
        }

        var (low, high, _, _) = RobustStatistics.Fences(values.Sample, "mad", 6);
        return values.Outside(low, high).LongCount();
    }

    private static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
