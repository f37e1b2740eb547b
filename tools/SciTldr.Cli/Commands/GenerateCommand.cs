using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SciTldr.Cli.Commands;

/// <summary>
/// <c>generate</c>: deterministic SciTLDR-shaped JSONL at any size, built by resampling and recombining
/// the real SciTLDR-A records (sentences, oracle labels, ROUGE scores, titles, author and peer-review
/// TLDRs), with unique ids and, optionally, injected defects of every kind the platform knows, whose exact
/// counts it reports so that quarantine and reconciliation can be checked at scale.
/// </summary>
public static class GenerateCommand
{
    /// <summary>Every defect kind: the ingestion reason codes, a blank line, and the quality rules a record can fail.</summary>
    public static readonly IReadOnlyList<string> DefectKinds =
    [
        "invalid_utf8", "record_too_large", "malformed_json", "not_an_object", "missing_field", "wrong_type", "duplicate_paper_id", "blank",
        "abstract_nonempty", "tldr_nonempty", "rouge_range", "source_alignment",
    ];

    /// <summary>What a generated file holds, and what the pipeline must make of it.</summary>
    /// <param name="Lines">Lines written.</param>
    /// <param name="Papers">Well-formed records (including those the quality stage will quarantine), each with a unique id.</param>
    /// <param name="Defects">Injected defects by kind.</param>
    /// <param name="ExpectedInput">The summary's <c>input</c> the file must produce: accepted, quarantined, blank.</param>
    public sealed record GenerateReport(string Out, int Seed, long Lines, long Papers, IReadOnlyDictionary<string, long> Defects, ExpectedInput ExpectedInput, long Bytes);

    public sealed record ExpectedInput(long Lines, long Accepted, long Quarantined, long Blank);

    /// <summary>The defect kinds a run must quarantine exactly as many times as they were injected (reason = kind).</summary>
    public static readonly IReadOnlyList<string> QuarantinedKinds =
    [
        "invalid_utf8", "record_too_large", "malformed_json", "not_an_object", "missing_field", "wrong_type", "duplicate_paper_id",
        "abstract_nonempty", "tldr_nonempty", "rouge_range",
    ];

    /// <summary>
    /// Where a run of a generated file disagrees with what the generator injected: its input counts, each
    /// quarantined kind (exactly), and the warning rule <c>source_alignment</c> (at least as many failures as
    /// injected: the real records it resamples have some of their own). Empty when the pipeline counted every
    /// defect.
    /// </summary>
    public static IReadOnlyList<string> Mismatches(GenerateReport report, Domain.Runs.RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(summary);
        var mismatches = new List<string>();
        var expected = report.ExpectedInput;
        var input = summary.Input;
        if ((input.Lines, input.Accepted, input.Quarantined, input.Blank) != (expected.Lines, expected.Accepted, expected.Quarantined, expected.Blank))
        {
            mismatches.Add($"input: expected lines/accepted/quarantined/blank {expected.Lines}/{expected.Accepted}/{expected.Quarantined}/{expected.Blank}, the run counted {input.Lines}/{input.Accepted}/{input.Quarantined}/{input.Blank}");
        }

        foreach (var kind in QuarantinedKinds)
        {
            var found = summary.Quarantine.GetValueOrDefault(kind);
            if (found != report.Defects.GetValueOrDefault(kind))
            {
                mismatches.Add($"{kind}: injected {report.Defects.GetValueOrDefault(kind)}, quarantined {found}");
            }
        }

        var alignment = summary.Quality.Rules.TryGetValue("source_alignment", out var rule) ? rule.Failed : 0;
        if (alignment < report.Defects.GetValueOrDefault("source_alignment"))
        {
            mismatches.Add($"source_alignment: injected {report.Defects["source_alignment"]}, the rule failed only {alignment}");
        }

        return mismatches;
    }

    public static async Task<int> RunAsync(string root, int papers, int seed, string output, double defectRate, bool json, CancellationToken cancellationToken)
    {
        if (papers < 1 || defectRate is < 0 or > 1)
        {
            Console.Error.WriteLine("--papers must be at least 1 and --defect-rate within [0, 1]");
            return RunCommands.BadArguments;
        }

        var report = await GenerateAsync(Path.Combine(root, "data", "scitldr", "SciTLDR-A"), papers, seed, output, defectRate, cancellationToken);
        Console.Out.WriteLine(json
            ? JsonSerializer.Serialize(report, JsonSerializerOptions.Web)
            : $"{report.Out}: {report.Lines} lines, {report.Papers} papers, {report.Defects.Values.Sum()} defects ({string.Join(", ", report.Defects.Where(d => d.Value > 0).Select(d => $"{d.Key} {d.Value}"))}); expect accepted {report.ExpectedInput.Accepted}, quarantined {report.ExpectedInput.Quarantined}, blank {report.ExpectedInput.Blank}");
        return RunCommands.Succeeded;
    }

    /// <summary>Writes <paramref name="papers"/> lines (gzip when the name ends in .gz), streaming; the same seed gives the same bytes.</summary>
    public static async Task<GenerateReport> GenerateAsync(string dataFolder, int papers, int seed, string output, double defectRate, CancellationToken cancellationToken)
    {
        var pool = Pool.Load(dataFolder);
        var random = new Random(seed);
        var defects = DefectKinds.ToDictionary(k => k, _ => 0L, StringComparer.Ordinal);
        long accepted = 0, quarantined = 0, blank = 0, wellFormed = 0;
        string? lastAccepted = null;

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await using (var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        await using (var stream = output.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Fastest) : (Stream)file)
        {
            for (var i = 0; i < papers; i++)
            {
                var record = pool.Paper(random, $"syn{seed}-{i:D8}");
                var defect = random.NextDouble() < defectRate ? DefectKinds[random.Next(DefectKinds.Count)] : null;
                if (defect == "duplicate_paper_id" && lastAccepted is null)
                {
                    defect = null;
                }

                byte[] line;
                switch (defect)
                {
                    case null:
                    case "abstract_nonempty" or "tldr_nonempty" or "rouge_range" or "source_alignment":
                        if (defect is not null)
                        {
                            Break(record, defect);
                        }

                        var text = record.ToJsonString();
                        line = Encoding.UTF8.GetBytes(text);
                        lastAccepted = text;
                        accepted++;
                        wellFormed++;
                        break;
                    case "duplicate_paper_id":
                        line = Encoding.UTF8.GetBytes(lastAccepted!);
                        quarantined++;
                        break;
                    case "blank":
                        line = [];
                        blank++;
                        break;
                    default:
                        line = Malformed(record, defect, random);
                        quarantined++;
                        break;
                }

                if (defect is not null)
                {
                    defects[defect]++;
                }

                await stream.WriteAsync(line, cancellationToken);
                stream.WriteByte((byte)'\n');
            }
        }

        return new GenerateReport(output, seed, papers, wellFormed, defects, new ExpectedInput(papers, accepted, quarantined, blank), new FileInfo(output).Length);
    }

    /// <summary>A record the quality stage must catch (it passes ingestion).</summary>
    private static void Break(JsonObject record, string defect)
    {
        switch (defect)
        {
            case "abstract_nonempty":
                record["source"] = new JsonArray(" ", "");
                record["source_labels"] = new JsonArray(1, 0);
                record["rouge_scores"] = new JsonArray(0.5, 0.1);
                break;
            case "tldr_nonempty":
                record["target"] = new JsonArray("  ");
                break;
            case "rouge_range":
                var scores = record["rouge_scores"]!.AsArray();
                scores[0] = 1.5;
                break;
            case "source_alignment":
                var labels = record["source_labels"]!.AsArray();
                labels.Add(0);
                break;
        }
    }

    /// <summary>A line ingestion must quarantine with the given reason code.</summary>
    private static byte[] Malformed(JsonObject record, string defect, Random random) => defect switch
    {
        "invalid_utf8" => [.. Encoding.UTF8.GetBytes(record.ToJsonString()[..40]), 0xC3, 0x28, (byte)'"', (byte)'}'],
        "record_too_large" => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { paper_id = record["paper_id"]!.GetValue<string>(), source = new[] { new string('x', (1024 * 1024) + random.Next(100)) }, target = new[] { "t" } })),
        "malformed_json" => Encoding.UTF8.GetBytes(record.ToJsonString()[..^(1 + random.Next(10))]),
        "not_an_object" => Encoding.UTF8.GetBytes($"[{record.ToJsonString()}]"),
        "missing_field" => Encoding.UTF8.GetBytes(Without(record, "target").ToJsonString()),
        "wrong_type" => Encoding.UTF8.GetBytes(With(record, "source", JsonValue.Create("a single string, not a list of sentences")!).ToJsonString()),
        _ => throw new ArgumentOutOfRangeException(nameof(defect), defect, "not a malformed-line defect"),
    };

    private static JsonObject Without(JsonObject record, string field)
    {
        var copy = record.DeepClone().AsObject();
        copy.Remove(field);
        return copy;
    }

    private static JsonObject With(JsonObject record, string field, JsonNode value)
    {
        var copy = record.DeepClone().AsObject();
        copy[field] = value;
        return copy;
    }

    /// <summary>The real records' parts that synthetic papers are recombined from.</summary>
    private sealed class Pool
    {
        private readonly List<JsonObject> _records = [];
        private readonly List<string> _sentences = [];
        private readonly List<string> _titles = [];
        private readonly List<string> _authorTldrs = [];
        private readonly List<string> _peerReviewTldrs = [];

        public static Pool Load(string folder)
        {
            var pool = new Pool();
            foreach (var file in new[] { "train.jsonl", "dev.jsonl" })
            {
                foreach (var line in File.ReadLines(Path.Combine(folder, file)))
                {
                    if (string.IsNullOrWhiteSpace(line) || JsonNode.Parse(line) is not JsonObject record)
                    {
                        continue;
                    }

                    pool._records.Add(record);
                    pool._sentences.AddRange(record["source"]!.AsArray().Select(s => s!.GetValue<string>()));
                    pool._titles.Add(record["title"]?.GetValue<string>() ?? "");
                    var targets = record["target"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
                    pool._authorTldrs.Add(targets[0]);
                    pool._peerReviewTldrs.AddRange(targets.Skip(1));
                }
            }

            return pool;
        }

        /// <summary>
        /// A paper shaped like a real one (its sentence count and TLDR count come from a real record), with
        /// about a third of its sentences swapped for sentences of other papers, a title and TLDRs drawn
        /// from the pools, one oracle label, and the real record's ROUGE scores for the sentences kept.
        /// </summary>
        public JsonObject Paper(Random random, string id)
        {
            var template = _records[random.Next(_records.Count)];
            var sentences = template["source"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
            var scores = template["rouge_scores"]?.AsArray().Select(s => s!.GetValue<double>()).ToList() ?? [];
            for (var s = 0; s < sentences.Count; s++)
            {
                if (random.NextDouble() < 0.33)
                {
                    sentences[s] = _sentences[random.Next(_sentences.Count)];
                    if (s < scores.Count)
                    {
                        scores[s] = Math.Round(random.NextDouble() * 0.6, 4);
                    }
                }
            }

            while (scores.Count < sentences.Count)
            {
                scores.Add(Math.Round(random.NextDouble() * 0.6, 4));
            }

            scores.RemoveRange(sentences.Count, scores.Count - sentences.Count);
            var oracle = random.Next(sentences.Count);
            var peerReviews = template["target"]!.AsArray().Count - 1;
            var target = new JsonArray(_authorTldrs[random.Next(_authorTldrs.Count)]);
            for (var p = 0; p < peerReviews && _peerReviewTldrs.Count > 0; p++)
            {
                target.Add(_peerReviewTldrs[random.Next(_peerReviewTldrs.Count)]);
            }

            return new JsonObject
            {
                ["source"] = new JsonArray([.. sentences.Select(s => (JsonNode?)JsonValue.Create(s))]),
                ["source_labels"] = new JsonArray([.. sentences.Select((_, s) => (JsonNode?)JsonValue.Create(s == oracle ? 1 : 0))]),
                ["rouge_scores"] = new JsonArray([.. scores.Select(v => (JsonNode?)JsonValue.Create(v))]),
                ["paper_id"] = id,
                ["target"] = target,
                ["title"] = _titles[random.Next(_titles.Count)],
            };
        }
    }
}
