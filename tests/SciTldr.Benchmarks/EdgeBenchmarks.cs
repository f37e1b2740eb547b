using BenchmarkDotNet.Attributes;
using SciTldr.Contracts;
using SciTldr.Lake;
using SciTldr.Messaging.Envelope;

namespace SciTldr.Benchmarks;

/// <summary>The per-message cost of the SQS edge's envelope (MassTransit's serializer) both ways.</summary>
[MemoryDiagnoser]
public class EnvelopeBenchmarks
{
    private readonly TransformPartition _message = new("20261124T093000Z-dev-1a2b3c", 42, "dev", "bronze/run_id=20261124T093000Z-dev-1a2b3c/split=dev/part-00042.jsonl.gz", 1000);
    private string _body = "";

    [GlobalSetup]
    public void Setup() => _body = EnvelopeSerializer.Serialize(_message, new OutgoingEnvelope());

    [Benchmark]
    public string Serialize() => EnvelopeSerializer.Serialize(_message, new OutgoingEnvelope());

    [Benchmark]
    public TransformPartition? Deserialize() =>
        EnvelopeSerializer.Deserialize(_body).TryGetMessage<TransformPartition>(out var message) ? message : null;
}

/// <summary>Streaming JSONL: gunzip and split a bronze partition of 1,000 papers into lines, per paper.</summary>
[MemoryDiagnoser]
public class JsonlBenchmarks
{
    private const int Papers = 1000;
    private byte[] _bronze = [];

    [GlobalSetup]
    public void Setup() => _bronze = SampleData.BronzePartition(Papers);

    [Benchmark(OperationsPerInvoke = Papers)]
    public async Task<long> ReadLines()
    {
        using var stream = new MemoryStream(_bronze, writable: false);
        await using var reader = new JsonlLineReader(stream);
        long bytes = 0;
        while (await reader.ReadAsync())
        {
            bytes += reader.Current.Length;
        }

        return bytes;
    }
}
