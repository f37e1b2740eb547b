using System.IO.Compression;
using System.Text;
using SciTldr.Domain.Records;
using SciTldr.Testing;

namespace SciTldr.Benchmarks;

/// <summary>Real SciTLDR-A records for the benchmarks: the train split, repeated to the size asked for.</summary>
public static class SampleData
{
    private static readonly Lazy<string[]> Lines = new(() => File.ReadAllLines(RepositoryPaths.TrainSplit, Encoding.UTF8));

    /// <summary>The first <paramref name="papers"/> lines, cycling through train with fresh ids so they stay unique.</summary>
    public static byte[][] JsonLines(int papers) => Enumerable.Range(0, papers)
        .Select(i =>
        {
            var line = Lines.Value[i % Lines.Value.Length];
            return Encoding.UTF8.GetBytes(i < Lines.Value.Length ? line : line.Replace("\"paper_id\": \"", $"\"paper_id\": \"r{i}-", StringComparison.Ordinal));
        })
        .ToArray();

    /// <summary>A bronze partition as ingestion writes it: gzip JSONL.</summary>
    public static byte[] BronzePartition(int papers)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            foreach (var line in JsonLines(papers))
            {
                gzip.Write(line);
                gzip.WriteByte((byte)'\n');
            }
        }

        return buffer.ToArray();
    }

    public static PaperRecord[] Records(int papers) => JsonLines(papers)
        .Select(line => RecordValidator.Validate(line).Record ?? throw new InvalidOperationException("the sample holds an invalid line"))
        .ToArray();
}
