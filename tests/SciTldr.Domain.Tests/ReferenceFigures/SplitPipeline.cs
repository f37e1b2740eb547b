using SciTldr.Domain.Features;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Records;
using SciTldr.Domain.Runs;
using SciTldr.Domain.Tests.Quality.Rulesets;
using SciTldr.Testing;

namespace SciTldr.Domain.Tests.ReferenceFigures;

/// <summary>
/// The domain steps of a run, done in memory on one bundled split: validate every line, extract
/// features, check each partition with the default ruleset, and merge the partitions' statistics in order.
/// </summary>
internal sealed class SplitPipeline
{
    private static readonly Lazy<SplitPipeline> DevRun = new(() => Run(RepositoryPaths.DevSplit));
    private static readonly Lazy<SplitPipeline> TrainRun = new(() => Run(RepositoryPaths.TrainSplit));

    public const int PartitionSize = 100;

    public required byte[] FileBytes { get; init; }

    public required IngestionCounts Counts { get; init; }

    public required IReadOnlyList<PaperRecord> Records { get; init; }

    public required IReadOnlyList<ExtractedFeatures> Features { get; init; }

    public required IReadOnlyList<PartitionQualityResult> Partitions { get; init; }

    public required PartitionStats MergedStats { get; init; }

    public static SplitPipeline For(string split) => split switch
    {
        "dev" => DevRun.Value,
        "train" => TrainRun.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "no such bundled split"),
    };

    /// <summary>Lines as a JSONL reader sees them: split on LF, the last one unterminated.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Lines(byte[] bytes)
    {
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                yield return bytes.AsMemory(start, i - start);
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            yield return bytes.AsMemory(start);
        }
    }

    public int FailedCount(string ruleId) => Partitions.Sum(p => p.Rule(ruleId).Failed);

    private static SplitPipeline Run(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var counter = new IngestionCounter();
        var records = new List<PaperRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Lines(bytes))
        {
            var result = RecordValidator.Validate(line.Span);
            if (result.IsAccepted && !seen.Add(result.Record.PaperId))
            {
                counter.CountQuarantined(ReasonCodes.DuplicatePaperId);
                continue;
            }

            counter.Count(result);
            if (result.IsAccepted)
            {
                records.Add(result.Record);
            }
        }

        var features = records.Select(ExtractedFeatures.From).ToList();
        var partitions = features
            .Chunk(PartitionSize)
            .Select(chunk => PartitionQualityChecker.Check([.. chunk.Select(f => f.Paper)], [.. chunk.SelectMany(f => f.Tldrs)], TestRulesets.Default))
            .ToList();
        var merged = PartitionStats.MergeAll(partitions.Select(p => PartitionStats.From(p.PassingPapers, p.PassingTldrs)));

        return new SplitPipeline
        {
            FileBytes = bytes,
            Counts = counter.ToCounts(),
            Records = records,
            Features = features,
            Partitions = partitions,
            MergedStats = merged,
        };
    }
}
