using System.IO.Compression;
using SciTldr.Domain.Records;
using SciTldr.Ingestion.Records;
using SciTldr.Lake;
using SciTldr.Testing.Corpus;

namespace SciTldr.Ingestion.Tests.Corpus;

/// <summary>
/// The bad-input corpus through the real line path (JsonlLineReader, then LineClassifier): every line gets exactly
/// the outcome interfaces.md gives it, whatever the file's encoding details and however the bytes arrive.
/// </summary>
public sealed class BadInputCorpusTests
{
    public static TheoryData<string, bool, bool, bool, bool, bool> Variants => new()
    {
        // name, bom, crlf, finalNewline, gzip, tinyReads
        { "plain", true, false, true, false, false },
        { "no byte order mark", false, false, true, false, false },
        { "crlf", true, true, true, false, false },
        { "no final newline", true, false, false, false, false },
        { "crlf, no final newline, no byte order mark", false, true, false, false, false },
        { "gzip", true, false, true, true, false },
        { "gzip, crlf, no final newline", true, true, false, true, false },
        { "tiny reads", true, false, false, false, true },
        { "tiny reads, crlf", false, true, true, false, true },
        { "gzip, tiny reads", true, true, false, true, true },
    };

    [Fact]
    public void Every_reason_code_of_the_interface_appears_at_least_twice()
    {
        Assert.Equal(ReasonCodes.All.Order(), BadInputCorpus.ReasonCodes.Order());
        Assert.All(BadInputCorpus.ReasonCodes, code => Assert.True(
            BadInputCorpus.ExpectedCounts[code] >= 2,
            $"{code} appears {BadInputCorpus.ExpectedCounts[code]} times"));
        Assert.True(BadInputCorpus.ExpectedCounts[BadInputCorpus.Accepted] >= 10);
        Assert.True(BadInputCorpus.ExpectedCounts[BadInputCorpus.Blank] >= 2);
    }

    [Fact]
    public void The_corpus_is_built_the_same_every_time()
    {
        Assert.Equal(BadInputCorpus.ToJsonl(), BadInputCorpus.ToJsonl(BadInputCorpus.Copy(0)));
        Assert.NotEqual(BadInputCorpus.ToJsonl(), BadInputCorpus.ToJsonl(BadInputCorpus.Copy(1)));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Each_line_gets_its_expected_outcome(string variant, bool bom, bool crlf, bool finalNewline, bool gzip, bool tinyReads)
    {
        var file = BadInputCorpus.ToJsonl(bom, crlf, finalNewline);
        if (gzip)
        {
            file = Gzip(file);
        }

        Stream input = new MemoryStream(file);
        if (tinyReads)
        {
            input = new TinyReadStream(input, seed: (uint)variant.Length);
        }

        var result = await ClassifyAsync(input);

        AssertOutcomes(BadInputCorpus.Lines, result);
        Assert.Equal(BadInputCorpus.ExpectedCounts, result.Counts);
        Assert.Equal(gzip, result.IsGzip);
    }

    [Fact]
    public async Task Two_hundred_copies_give_exactly_two_hundred_times_the_counts()
    {
        const int Copies = 200;
        var lines = BadInputCorpus.Repeated(Copies);

        var result = await ClassifyAsync(new MemoryStream(BadInputCorpus.ToJsonl(lines, bom: true, crlf: false, finalNewline: true)));

        AssertOutcomes(lines, result);
        Assert.Equal(BadInputCorpus.ExpectedCounts.ToDictionary(count => count.Key, count => count.Value * Copies), result.Counts);
    }

    private static void AssertOutcomes(IReadOnlyList<CorpusLine> expected, LinePathResult result)
    {
        var mismatches = new List<string>();
        for (var i = 0; i < Math.Min(expected.Count, result.Outcomes.Count); i++)
        {
            var (number, outcome, detail) = result.Outcomes[i];
            if (number != i + 1 || outcome != expected[i].Expected)
            {
                mismatches.Add($"line {i + 1} '{expected[i].Name}': expected {expected[i].Expected}, got {outcome} as line {number} ({detail})");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(30)));
        Assert.Equal(expected.Count, result.Outcomes.Count);

        // The run summary's reconciliation: every line read is accepted, quarantined or blank, exactly once.
        var quarantined = result.Counts.Where(count => count.Key is not BadInputCorpus.Accepted and not BadInputCorpus.Blank).Sum(count => count.Value);
        Assert.Equal(result.LinesRead, result.Counts[BadInputCorpus.Accepted] + quarantined + result.Counts[BadInputCorpus.Blank]);
        Assert.Equal(result.Counts[BadInputCorpus.Accepted], result.AcceptedPapers);
    }

    private static async Task<LinePathResult> ClassifyAsync(Stream input)
    {
        using var classifier = new LineClassifier(BadInputCorpus.MaxRecordBytes);
        var outcomes = new List<(long Number, string Outcome, string? Detail)>();
        await using var reader = new JsonlLineReader(input, BadInputCorpus.MaxRecordBytes);
        await reader.ForEachAsync(line =>
        {
            var outcome = classifier.Classify(line);
            outcomes.Add((line.Number, Describe(outcome), outcome.Detail));
        });

        var counts = new[] { BadInputCorpus.Accepted, BadInputCorpus.Blank }
            .Concat(BadInputCorpus.ReasonCodes)
            .ToDictionary(code => code, code => outcomes.Count(outcome => outcome.Outcome == code));
        return new LinePathResult(outcomes, counts, reader.LinesRead, classifier.AcceptedCount, reader.IsGzip);
    }

    private static string Describe(LineOutcome outcome) => outcome.Kind switch
    {
        LineOutcomeKind.Accepted => BadInputCorpus.Accepted,
        LineOutcomeKind.Blank => BadInputCorpus.Blank,
        _ => outcome.Reason ?? "(quarantined without a reason)",
    };

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private sealed record LinePathResult(
        IReadOnlyList<(long Number, string Outcome, string? Detail)> Outcomes,
        Dictionary<string, int> Counts,
        long LinesRead,
        long AcceptedPapers,
        bool IsGzip);
}
