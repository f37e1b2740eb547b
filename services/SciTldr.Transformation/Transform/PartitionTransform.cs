using SciTldr.Domain.Features;
using SciTldr.Domain.Records;
using SciTldr.Domain.Silver;
using SciTldr.Lake;
using SciTldr.Messaging;

namespace SciTldr.Transformation.Transform;

/// <summary>The silver tables of one partition, as Parquet bytes.</summary>
public sealed record TransformedPartition(byte[] Papers, byte[] Tldrs, int PaperCount, int TldrCount);

/// <summary>
/// The whole work of the transformation stage on one bronze partition: read the JSONL(.gz) lines,
/// parse and validate each record, compute its features, write the two silver Parquet tables. The
/// consumer runs it on an S3 object; the benchmarks run the very same code on bytes in memory.
/// </summary>
public static class PartitionTransform
{
    /// <param name="bronze">The bronze partition (gzip or plain JSONL).</param>
    /// <param name="source">Names the partition in error messages.</param>
    public static async Task<TransformedPartition> RunAsync(Stream bronze, string source, int expectedRecords, CancellationToken cancellationToken)
    {
        var papers = new List<PaperFeatures>(expectedRecords);
        var tldrs = new List<TldrFeatures>(expectedRecords * 2);
        await using (var reader = new JsonlLineReader(bronze, leaveOpen: true))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var features = Extract(reader.Current, source);
                if (features is not null)
                {
                    papers.Add(features.Paper);
                    tldrs.AddRange(features.Tldrs);
                }
            }
        }

        return new TransformedPartition(
            await ToParquetAsync(stream => SilverParquet.WritePapersAsync(stream, papers, cancellationToken)),
            await ToParquetAsync(stream => SilverParquet.WriteTldrsAsync(stream, tldrs, cancellationToken)),
            papers.Count,
            tldrs.Count);
    }

    private static ExtractedFeatures? Extract(JsonlLine line, string source)
    {
        if (line.IsOversize)
        {
            throw new PermanentMessageException($"bronze line {line.Number} of '{source}' is larger than the record limit");
        }

        var result = RecordValidator.Validate(line.Bytes);
        if (result.IsBlank)
        {
            return null;
        }

        if (!result.IsAccepted)
        {
            // Bronze holds only validated records; anything else means the object was altered after ingestion.
            throw new PermanentMessageException($"bronze line {line.Number} of '{source}' is not a valid record: {result.ReasonCode} ({result.Detail})");
        }

        return ExtractedFeatures.From(result.Record!);
    }

    private static async Task<byte[]> ToParquetAsync(Func<Stream, Task> write)
    {
        using var buffer = new MemoryStream();
        await write(buffer);
        return buffer.ToArray();
    }
}
