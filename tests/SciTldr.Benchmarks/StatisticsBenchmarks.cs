using BenchmarkDotNet.Attributes;
using SciTldr.Domain.Features;
using SciTldr.Domain.Records;
using SciTldr.Domain.Runs;

namespace SciTldr.Benchmarks;

/// <summary>
/// The statistics the quality stage computes per partition and reporting merges per run: computing a
/// partition's statistics (per paper), and merging 1,000 partitions' statistics (per partition), which
/// is what a million-paper run costs the finalizer.
/// </summary>
[MemoryDiagnoser]
public class StatisticsBenchmarks
{
    private const int Papers = 1000;
    private const int Partitions = 1000;
    private PaperFeatures[] _papers = [];
    private TldrFeatures[] _tldrs = [];
    private PartitionStats[] _partitions = [];

    [GlobalSetup]
    public void Setup()
    {
        var features = SampleData.JsonLines(Papers, "dev")
            .Select(line => ExtractedFeatures.From(RecordValidator.Validate(line).Record!))
            .ToArray();
        _papers = [.. features.Select(f => f.Paper)];
        _tldrs = [.. features.SelectMany(f => f.Tldrs)];

        // Partitions of 100 papers each, repeated: realistic per-partition keyphrase and histogram content.
        var slices = Enumerable.Range(0, 10)
            .Select(s => PartitionStats.From(_papers[(s * 100)..((s + 1) * 100)], [.. _tldrs.Where(t => _papers[(s * 100)..((s + 1) * 100)].Any(p => p.PaperId == t.PaperId))]))
            .ToArray();
        _partitions = [.. Enumerable.Range(0, Partitions).Select(i => slices[i % slices.Length])];
    }

    /// <summary>A partition's statistics from its passing rows (per paper).</summary>
    [Benchmark(OperationsPerInvoke = Papers)]
    public long PartitionStatsFrom() => PartitionStats.From(_papers, _tldrs).Papers;

    /// <summary>Merging the statistics of 1,000 partitions (per partition).</summary>
    [Benchmark(OperationsPerInvoke = Partitions)]
    public long MergeAll() => PartitionStats.MergeAll(_partitions).Papers;
}
