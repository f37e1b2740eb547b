using BenchmarkDotNet.Attributes;
using SciTldr.Domain.Features;
using SciTldr.Domain.Records;
using SciTldr.Domain.Silver;
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

    /// <summary>train has one TLDR a paper, dev 2.35 (author + peer review).</summary>
    [Params("train", "dev")]
    public string Split { get; set; } = "train";

    [GlobalSetup]
    public void Setup()
    {
        _bronze = SampleData.BronzePartition(Papers, Split);
        _lines = SampleData.JsonLines(Papers, Split);
        _records = _lines.Select(line => RecordValidator.Validate(line).Record!).ToArray();
        _features = _records.Select(ExtractedFeatures.From).ToArray();
    }

    private PaperRecord[] _records = [];
    private ExtractedFeatures[] _features = [];

    [Benchmark(OperationsPerInvoke = Papers)]
    public async Task<int> TransformPartition()
    {
        using var bronze = new MemoryStream(_bronze, writable: false);
        var silver = await PartitionTransform.RunAsync(bronze, "benchmark", Papers, CancellationToken.None);
        return silver.Papers.Length + silver.Tldrs.Length;
    }

    /// <summary>Writing the two silver Parquet tables from features already computed.</summary>
    [Benchmark(OperationsPerInvoke = Papers)]
    public async Task<long> WriteParquet()
    {
        using var papers = new MemoryStream();
        using var tldrs = new MemoryStream();
        await SilverParquet.WritePapersAsync(papers, _features.Select(f => f.Paper).ToList());
        await SilverParquet.WriteTldrsAsync(tldrs, _features.SelectMany(f => f.Tldrs).ToList());
        return papers.Length + tldrs.Length;
    }

    /// <summary>Features of every paper (normalize, tokenize, metrics, enrichment), without I/O.</summary>
    [Benchmark(OperationsPerInvoke = Papers)]
    public int Features()
    {
        var rows = 0;
        foreach (var record in _records)
        {
            rows += ExtractedFeatures.From(record).Tldrs.Length;
        }

        return rows;
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
