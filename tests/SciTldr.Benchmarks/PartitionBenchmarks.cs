using BenchmarkDotNet.Attributes;
using SciTldr.Domain.Records;
using SciTldr.Transformation.Transform;

namespace SciTldr.Benchmarks;

/// <summary>
/// The transformation stage's whole work on one partition of 1,000 SciTLDR papers: gunzip, parse and
/// validate, normalize, features, Parquet. Reported per paper (OperationsPerInvoke), so
/// papers per second per core = 1e9 / mean ns.
/// </summary>
[MemoryDiagnoser]
public class PartitionBenchmarks
{
    private const int Papers = 1000;
    private byte[] _bronze = [];
    private byte[][] _lines = [];

    [GlobalSetup]
    public void Setup()
    {
        _bronze = SampleData.BronzePartition(Papers);
        _lines = SampleData.JsonLines(Papers);
    }

    [Benchmark(OperationsPerInvoke = Papers)]
    public async Task<int> TransformPartition()
    {
        using var bronze = new MemoryStream(_bronze, writable: false);
        var silver = await PartitionTransform.RunAsync(bronze, "benchmark", Papers, CancellationToken.None);
        return silver.Papers.Length + silver.Tldrs.Length;
    }

    [Benchmark(OperationsPerInvoke = Papers)]
    public int ParseAndValidate()
    {
        var accepted = 0;
        foreach (var line in _lines)
        {
            accepted += RecordValidator.Validate(line).IsAccepted ? 1 : 0;
        }

        return accepted;
    }
}
