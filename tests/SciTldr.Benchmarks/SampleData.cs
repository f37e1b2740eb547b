using System.IO.Compression;
using System.Text;
using SciTldr.Domain.Records;
using SciTldr.Testing;

namespace SciTldr.Benchmarks;

/// <summary>Real SciTLDR-A records for the benchmarks: the train split, repeated to the size asked for.</summary>
public static class SampleData
{
    /// <summary>The first <paramref name="papers"/> lines of a split (train: one TLDR a paper; dev: 2.35), cycling with fresh ids so they stay unique.</summary>
    public static byte[][] JsonLines(int papers, string split = "train")
    {
        var lines = File.ReadAllLines(split == "dev" ? RepositoryPaths.DevSplit : RepositoryPaths.TrainSplit, Encoding.UTF8);
        return Enumerable.Range(0, papers)
            .Select(i =>
            {
                var line = lines[i % lines.Length];
                return Encoding.UTF8.GetBytes(i < lines.Length ? line : line.Replace("\"paper_id\": \"", $"\"paper_id\": \"r{i}-", StringComparison.Ordinal));
            })
            .ToArray();
    }

    /// <summary>A bronze partition as ingestion writes it: gzip JSONL.</summary>
    public static byte[] BronzePartition(int papers, string split = "train")
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            foreach (var line in JsonLines(papers, split))
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
