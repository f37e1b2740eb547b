using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SciTldr.Testing.Corpus;

/// <summary>One line of the corpus: its bytes without a line end, and what ingestion must make of it.</summary>
/// <param name="Name">Says what the line tests, unique in the corpus (e.g. <c>utf8/overlong-slash</c>).</param>
/// <param name="Bytes">The line's bytes, without '\n'.</param>
/// <param name="Expected"><see cref="BadInputCorpus.Accepted"/>, <see cref="BadInputCorpus.Blank"/> or a reason code.</param>
public sealed record CorpusLine(string Name, byte[] Bytes, string Expected);

/// <summary>
/// A JSONL corpus of SciTLDR-shaped records and every kind of bad line ingestion must survive, each with the one
/// outcome the interface (interfaces.md, "Ingestion reason codes") gives it: accepted, blank, or a reason code.
/// Deterministic: the same bytes on every call and machine.
/// </summary>
/// <remarks>
/// The reason codes are spelled here as the interface spells them, not taken from the production constants, so a
/// renamed constant fails the tests instead of moving the goalposts. The limit is 32 KiB rather than the 1 MiB
/// default so oversize lines stay small, yet above the 20 KB a line nested 10,000 deep needs: under a 4 KiB limit
/// that line would be quarantined as too large before its depth was ever looked at.
/// </remarks>
public static class BadInputCorpus
{
    /// <summary>The line-size limit the corpus is built for (reader and classifier alike).</summary>
    public const int MaxRecordBytes = 32 * 1024;

    /// <summary>The nesting limit of the interface: deeper is <see cref="MalformedJson"/>.</summary>
    public const int MaxDepth = 64;

    public const string Accepted = "accepted";
    public const string Blank = "blank";
    public const string InvalidUtf8 = "invalid_utf8";
    public const string RecordTooLarge = "record_too_large";
    public const string MalformedJson = "malformed_json";
    public const string NotAnObject = "not_an_object";
    public const string MissingField = "missing_field";
    public const string WrongType = "wrong_type";
    public const string DuplicatePaperId = "duplicate_paper_id";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Raw UTF-8 for non-ASCII text, as real exports often have, so multibyte sequences cross read boundaries.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly string[] Sentences =
    [
        "Training deep networks with low-precision arithmetic saves memory but makes small gradients prone to underflow.",
        "We study how the choice of learning-rate schedule interacts with batch size in large-scale pretraining.",
        "Existing methods treat the scaling factor as a hyperparameter that must be tuned separately for every model.",
        "We propose a simple layer-wise rule that sets this factor automatically from running gradient statistics.",
        "Our analysis shows that the rule keeps the fraction of underflowing values below a fixed bound.",
        "Experiments on image classification, machine translation and language modelling show faster convergence.",
        "The method adds no parameters and less than one percent overhead to each training step.",
        "We further show that the same idea improves the stability of training with sparse attention.",
        "Code and pretrained checkpoints are released to support the reproduction of all results.",
        "Graph neural networks struggle to propagate information between nodes that are far apart.",
        "We introduce a rewiring step that adds shortcut edges chosen by a spectral criterion.",
        "On molecular property prediction benchmarks the rewired graphs reduce the error by a third.",
    ];

    private static readonly string[] Titles =
    [
        "Adaptive Gradient Scaling for Low-Precision Training",
        "Batch Size and Schedule: A Joint View of Pretraining",
        "Spectral Rewiring for Long-Range Graph Learning",
        "Stable Sparse Attention without Extra Parameters",
        "When Does Mixed Precision Fail?",
        "A Layer-wise Rule for Loss Scaling",
    ];

    private static readonly string[] Tldrs =
    [
        "A layer-wise rule sets the loss scale automatically and removes a tuning step from mixed precision training.",
        "We make low-precision training more robust by choosing scaling factors from gradient statistics.",
        "Shortcut edges chosen spectrally help graph networks pass messages between distant nodes.",
        "Learning-rate schedules and batch sizes should be tuned jointly, not one after the other.",
        "Sparse attention trains more stably with the proposed scaling, at almost no extra cost.",
    ];

    /// <summary>Every record-level reason code of the interface.</summary>
    public static IReadOnlyList<string> ReasonCodes { get; } =
        [InvalidUtf8, RecordTooLarge, MalformedJson, NotAnObject, MissingField, WrongType, DuplicatePaperId];

    /// <summary>The corpus, in file order.</summary>
    public static IReadOnlyList<CorpusLine> Lines { get; } = Copy(0);

    /// <summary>How many lines of <see cref="Lines"/> end as accepted, blank, and as each reason code.</summary>
    public static IReadOnlyDictionary<string, int> ExpectedCounts { get; } = CountExpected(Lines);

    /// <summary>The corpus as a file (see <see cref="ToJsonl(IEnumerable{CorpusLine}, bool, bool, bool)"/>).</summary>
    public static byte[] ToJsonl(bool bom = true, bool crlf = false, bool finalNewline = false) =>
        ToJsonl(Lines, bom, crlf, finalNewline);

    /// <summary>
    /// The file bytes for <paramref name="lines"/>: a UTF-8 byte order mark first when <paramref name="bom"/>, lines
    /// ended by "\r\n" when <paramref name="crlf"/> (else "\n"), and the last line ended too when
    /// <paramref name="finalNewline"/>. Every variant gives the same outcome per line.
    /// </summary>
    public static byte[] ToJsonl(IEnumerable<CorpusLine> lines, bool bom = true, bool crlf = false, bool finalNewline = false)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var newline = crlf ? "\r\n"u8 : "\n"u8;
        var output = new ArrayBufferWriter<byte>(256 * 1024);
        if (bom)
        {
            output.Write<byte>([0xEF, 0xBB, 0xBF]);
        }

        var first = true;
        foreach (var line in lines)
        {
            if (!first)
            {
                output.Write(newline);
            }

            output.Write(line.Bytes);
            first = false;
        }

        if (finalNewline && !first)
        {
            output.Write(newline);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The corpus again with every <c>paper_id</c> made unique to copy <paramref name="copy"/> (copy 0 is
    /// <see cref="Lines"/>), so copies can be concatenated and only the corpus's own deliberate duplicates stay
    /// duplicates: n copies have exactly n times <see cref="ExpectedCounts"/>.
    /// </summary>
    public static IReadOnlyList<CorpusLine> Copy(int copy)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(copy);
        var lines = Build(baseId => copy == 0 ? baseId : $"{baseId}-c{copy}").ToList();
        Check(lines);
        return lines;
    }

    /// <summary>Copies 0 to <paramref name="copies"/> - 1 of the corpus, one after another.</summary>
    public static IReadOnlyList<CorpusLine> Repeated(int copies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        return Enumerable.Range(0, copies).SelectMany(Copy).ToList();
    }

    /// <summary>Outcome counts of <paramref name="lines"/>: accepted, blank and every reason code, zero included.</summary>
    public static IReadOnlyDictionary<string, int> CountExpected(IEnumerable<CorpusLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var counts = new[] { Accepted, Blank }.Concat(ReasonCodes).ToDictionary(outcome => outcome, _ => 0);
        foreach (var line in lines)
        {
            counts[line.Expected]++;
        }

        return counts;
    }

    private static IEnumerable<CorpusLine> Build(Func<string, string> id)
    {
        // Ids in the style of OpenReview's, as SciTLDR has them; `id` makes them unique per copy.
        var first = id("rJcorpus01A");
        var second = id("rJcorpus02B");
        var rejectedFirst = id("rJcorpus03C");

        // The first line carries the byte order mark when there is one.
        yield return Line("valid/full-record", Accepted, Paper(first, seed: 0));
        yield return Line("valid/peer-review-tldrs", Accepted, Paper(second, seed: 1, tldrs: 4));
        yield return Line("valid/without-title", Accepted, Paper(id("rJcorpus04D"), seed: 2, title: false));
        yield return Line("valid/without-source-labels", Accepted, Paper(id("rJcorpus05E"), seed: 3, labels: false));
        yield return Line("valid/without-rouge-scores", Accepted, Paper(id("rJcorpus06F"), seed: 4, scores: false));
        yield return Line("valid/required-fields-only", Accepted, Paper(id("rJcorpus07G"), seed: 5, title: false, labels: false, scores: false));
        yield return Line("valid/optional-fields-null", Accepted, Utf8(
            $$"""{"source": ["{{Sentences[6]}}"], "source_labels": null, "rouge_scores": null, "paper_id": "{{id("rJcorpus08H")}}", "target": ["{{Tldrs[4]}}"], "title": null}"""));
        yield return Line("blank/empty", Blank, []);
        yield return Line("blank/spaces", Blank, Utf8("    "));
        yield return Line("blank/tabs-and-spaces", Blank, Utf8(" \t \t "));

        yield return Line("utf8/overlong-slash", InvalidUtf8, Around(id("rJutf8bad01"), [0xC0, 0xAF]));
        yield return Line("utf8/overlong-three-byte", InvalidUtf8, Around(id("rJutf8bad02"), [0xE0, 0x80, 0xAF]));
        yield return Line("utf8/lone-continuation-byte", InvalidUtf8, Around(id("rJutf8bad03"), [0x80]));
        yield return Line("utf8/high-surrogate-encoded", InvalidUtf8, Around(id("rJutf8bad04"), [0xED, 0xA0, 0x80]));
        yield return Line("utf8/low-surrogate-encoded", InvalidUtf8, Around(id("rJutf8bad05"), [0xED, 0xBF, 0xBF]));
        yield return Line("utf8/beyond-u10ffff", InvalidUtf8, Around(id("rJutf8bad06"), [0xF4, 0x90, 0x80, 0x80]));
        yield return Line("utf8/latin1-text", InvalidUtf8, Around(id("rJutf8bad07"), [0x63, 0x61, 0x66, 0xE9]));
        yield return Line("utf8/byte-ff", InvalidUtf8, Around(id("rJutf8bad08"), [0xFF]));
        yield return Line("utf8/truncated-multibyte-at-line-end", InvalidUtf8,
            [.. Utf8($$"""{"paper_id": "{{id("rJutf8bad09")}}", "title": "Costs in """), 0xE2, 0x82]);
        yield return Line("utf8/wins-over-malformed-json", InvalidUtf8, [.. Utf8("{'paper_id': '"), 0xC3, 0x28]);

        yield return Line("json/truncated-mid-object", MalformedJson, Cut(Paper(id("rJjsonbad01"), seed: 6), 0.5));
        yield return Line("json/truncated-after-key", MalformedJson, Utf8($$"""{"paper_id": "{{id("rJjsonbad02")}}", "source":"""));
        yield return Line("json/truncated-mid-string", MalformedJson, Utf8($$"""{"paper_id": "{{id("rJjsonbad03")}}", "source": ["We propo"""));
        yield return Line("json/unclosed-array", MalformedJson, Utf8($$"""{"paper_id": "{{id("rJjsonbad04")}}", "source": ["a.", "b."}"""));
        yield return Line("json/nan-score", MalformedJson, Scores(id("rJjsonbad05"), "[0.1, NaN, 0.3]"));
        yield return Line("json/infinity-score", MalformedJson, Scores(id("rJjsonbad06"), "[Infinity, 0.2]"));
        yield return Line("json/negative-infinity-score", MalformedJson, Scores(id("rJjsonbad07"), "[-Infinity]"));
        yield return Line("json/single-quoted", MalformedJson, Utf8(
            $$"""{'paper_id': '{{id("rJjsonbad08")}}', 'source': ['{{Sentences[1]}}'], 'target': ['{{Tldrs[3]}}']}"""));
        yield return Line("json/single-quoted-value", MalformedJson, Utf8(
            $$"""{"paper_id": '{{id("rJjsonbad09")}}', "source": ["a."], "target": ["b."]}"""));
        yield return Line("json/trailing-comma", MalformedJson, Utf8(
            $$"""{"paper_id": "{{id("rJjsonbad10")}}", "source": ["a."], "target": ["b."],}"""));
        yield return Line("json/comment", MalformedJson, Utf8(
            $$"""{"paper_id": "{{id("rJjsonbad11")}}", /* draft */ "source": ["a."], "target": ["b."]}"""));
        yield return Line("json/unquoted-key", MalformedJson, Utf8($$"""{paper_id: "{{id("rJjsonbad12")}}", "source": ["a."], "target": ["b."]}"""));
        yield return Line("json/python-literals", MalformedJson, Utf8($$"""{"paper_id": "{{id("rJjsonbad13")}}", "title": None, "source": ["a."], "target": ["b."]}"""));
        yield return Line("json/two-objects-on-one-line", MalformedJson, [.. Paper(id("rJjsonbad14"), seed: 7), .. Paper(id("rJjsonbad15"), seed: 8)]);
        yield return Line("json/control-character-in-string", MalformedJson, Utf8(
            $$"""{"paper_id": "{{id("rJjsonbad16")}}", "source": ["a raw tab:""" + "\t" + """ must be escaped."], "target": ["b."]}"""));
        yield return Line("json/unpaired-surrogate-escape-in-paper-id", MalformedJson, Utf8(
            $$"""{"paper_id": "{{id("rJjsonbad17")}}\ud800", "source": ["a."], "target": ["b."]}"""));
        yield return Line("json/bare-word", MalformedJson, Utf8("paper_id"));
        yield return Line("json/broken-top-level-array", MalformedJson, Utf8("[1, 2"));
        yield return Line("json/nesting-one-over-the-limit", MalformedJson, Nested(id("rJjsonbad18"), MaxDepth));
        yield return Line("json/top-level-array-one-over-the-limit", MalformedJson, Brackets(MaxDepth + 1));
        yield return Line("json/nesting-10000-closed", MalformedJson, Nested(id("rJjsonbad19"), 10_000));
        yield return Line("json/nesting-10000-unclosed", MalformedJson, Utf8(new string('[', 10_000)));

        yield return Line("valid/nesting-at-the-limit", Accepted, Nested(id("rJcorpus09I"), MaxDepth - 1));
        yield return Line("valid/unknown-fields", Accepted, Paper(id("rJcorpus10J"), seed: 9, extra: writer =>
        {
            writer.WriteString("venue", "ICLR 2020");
            writer.WriteStartObject("reviews");
            writer.WriteNumber("count", 3);
            writer.WriteStartArray("scores");
            writer.WriteNumberValue(6);
            writer.WriteNumberValue(8);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }));
        yield return Line("valid/non-ascii-text", Accepted, Paper(id("rJcorpus11K"), seed: 10, titleText: "Schrödinger Bridges — Generative Modelling in 𝒪(n) Memory",
            extraSentence: "Accuracy improves by ≈ 2 % on ImageNet‑1k, with training 3× faster (😀)."));
        yield return Line("valid/escaped-text", Accepted, Utf8(
            $$"""{"source": ["Caf\u00e9 r\u00e9sum\u00e9: the \ud835\udcaa(n) bound \"holds\"\\."], "paper_id": "{{id("rJcorpus12L")}}", "target": ["A tight \u2248 bound."]}"""));
        yield return Line("valid/whitespace-around", Accepted, [.. Utf8(" \t"), .. Paper(id("rJcorpus13M"), seed: 11), .. Utf8("  ")]);
        yield return Line("valid/empty-target-list-left-to-quality", Accepted, Utf8(
            $$"""{"source": ["{{Sentences[8]}}"], "paper_id": "{{id("rJcorpus14N")}}", "target": []}"""));

        yield return Line("top/array-of-records", NotAnObject, [.. Utf8("["), .. Paper(id("rJtopbad01"), seed: 0), .. Utf8("]")]);
        yield return Line("top/integer", NotAnObject, Utf8("42"));
        yield return Line("top/negative-float", NotAnObject, Utf8("-0.25e3"));
        yield return Line("top/string", NotAnObject, Utf8("\"rJcorpus01A\""));
        yield return Line("top/true", NotAnObject, Utf8("true"));
        yield return Line("top/false", NotAnObject, Utf8("false"));
        yield return Line("top/null", NotAnObject, Utf8("null"));
        yield return Line("top/empty-array", NotAnObject, Utf8("[]"));
        yield return Line("top/array-at-the-depth-limit", NotAnObject, Brackets(MaxDepth));

        yield return Line("blank/carriage-return-only", Blank, Utf8("\r"));
        yield return Line("blank/vertical-tab-and-form-feed", Blank, Utf8(" \v\f "));
        yield return Line("blank/empty-again", Blank, []);

        yield return Line("missing/empty-object", MissingField, Utf8("{}"));
        yield return Line("missing/paper-id", MissingField, Without(Paper(id("rJmissing01"), seed: 1), "paper_id", id("rJmissing01")));
        yield return Line("missing/source", MissingField, Utf8($$"""{"paper_id": "{{id("rJmissing02")}}", "target": ["{{Tldrs[0]}}"], "title": "{{Titles[0]}}"}"""));
        yield return Line("missing/target", MissingField, Utf8($$"""{"source": ["{{Sentences[0]}}"], "paper_id": "{{id("rJmissing03")}}"}"""));
        yield return Line("missing/paper-id-null", MissingField, Utf8($$"""{"source": ["{{Sentences[2]}}"], "paper_id": null, "target": ["{{Tldrs[1]}}"]}"""));
        yield return Line("missing/source-null", MissingField, Utf8($$"""{"source": null, "paper_id": "{{id("rJmissing04")}}", "target": ["{{Tldrs[1]}}"]}"""));
        yield return Line("missing/target-null", MissingField, Utf8($$"""{"source": ["{{Sentences[3]}}"], "paper_id": "{{id("rJmissing05")}}", "target": null}"""));
        yield return Line("missing/only-a-title", MissingField, Utf8($$"""{"title": "{{Titles[4]}}"}"""));

        yield return Line("type/source-is-a-string", WrongType, Utf8($$"""{"source": "{{Sentences[4]}}", "paper_id": "{{rejectedFirst}}", "target": ["{{Tldrs[2]}}"]}"""));
        yield return Line("valid/id-first-seen-on-a-rejected-line", Accepted, Paper(rejectedFirst, seed: 4));
        yield return Line("type/source-is-an-object", WrongType, Utf8($$"""{"source": {"0": "a."}, "paper_id": "{{id("rJtypebad01")}}", "target": ["b."]}"""));
        yield return Line("type/source-labels-hold-text", WrongType, Labels(id("rJtypebad02"), """["0", "1", "0"]"""));
        yield return Line("type/source-labels-hold-fractions", WrongType, Labels(id("rJtypebad03"), "[0, 1.5, 0]"));
        yield return Line("type/rouge-scores-hold-strings", WrongType, Scores(id("rJtypebad04"), """["0.24", "0.38", "0.20"]"""));
        yield return Line("type/rouge-scores-is-a-string", WrongType, Scores(id("rJtypebad05"), "\"0.24 0.38 0.20\""));
        yield return Line("type/rouge-score-out-of-double-range", WrongType, Scores(id("rJtypebad06"), "[0.2, 1e400, 0.1]"));
        yield return Line("type/target-holds-numbers", WrongType, Utf8($$"""{"source": ["a.", "b."], "paper_id": "{{id("rJtypebad07")}}", "target": [1, 2]}"""));
        yield return Line("type/target-is-a-string", WrongType, Utf8($$"""{"source": ["a."], "paper_id": "{{id("rJtypebad08")}}", "target": "{{Tldrs[0]}}"}"""));
        yield return Line("type/paper-id-is-a-number", WrongType, Utf8("""{"source": ["a."], "paper_id": 1907, "target": ["b."]}"""));
        yield return Line("type/paper-id-is-an-array", WrongType, Utf8($$"""{"source": ["a."], "paper_id": ["{{id("rJtypebad09")}}"], "target": ["b."]}"""));
        yield return Line("type/title-is-a-number", WrongType, Utf8($$"""{"source": ["a."], "paper_id": "{{id("rJtypebad10")}}", "target": ["b."], "title": 2020}"""));
        yield return Line("type/wins-over-missing-field", WrongType, Utf8("""{"source": "only a string"}"""));
        yield return Line("type/wins-over-duplicate-id", WrongType, Utf8($$"""{"source": "{{Sentences[0]}}", "paper_id": "{{first}}", "target": ["{{Tldrs[0]}}"]}"""));

        yield return Line("dup/byte-identical-to-the-first-line", DuplicatePaperId, Paper(first, seed: 0));
        yield return Line("dup/same-id-other-content", DuplicatePaperId, Paper(first, seed: 5, tldrs: 1));
        yield return Line("dup/same-id-escaped", DuplicatePaperId, Paper(second, seed: 6, escapeIdFirstLetter: true));
        yield return Line("valid/id-differing-only-in-case", Accepted, Paper(second.ToUpperInvariant(), seed: 7));

        yield return Line("oversize/valid-record-one-byte-over", RecordTooLarge, PaddedPaper(id("rJlarge001"), MaxRecordBytes + 1));
        yield return Line("valid/record-exactly-at-the-limit", Accepted, PaddedPaper(id("rJcorpus15O"), MaxRecordBytes));
        yield return Line("oversize/long-abstract", RecordTooLarge, PaddedPaper(id("rJlarge002"), 45_000));
        yield return Line("oversize/whitespace-only", RecordTooLarge, Utf8(new string(' ', MaxRecordBytes + 500)));
        yield return Line("oversize/invalid-utf8", RecordTooLarge, [.. Enumerable.Repeat((byte)0xFF, MaxRecordBytes + 100)]);
        yield return Line("dup/after-oversize-lines", DuplicatePaperId, Paper(second, seed: 3));

        // Last, so a file without a final newline ends in a record that must not be lost.
        yield return Line("valid/last-line", Accepted, Paper(id("rJcorpus16P"), seed: 8, tldrs: 3));
    }

    private static CorpusLine Line(string name, string expected, byte[] bytes) => new(name, bytes, expected);

    /// <summary>A realistic SciTLDR record, keys in the dataset's order, compact as the dataset writes it.</summary>
    private static byte[] Paper(
        string id,
        int seed,
        bool title = true,
        bool labels = true,
        bool scores = true,
        int tldrs = 1,
        string? titleText = null,
        string? extraSentence = null,
        bool escapeIdFirstLetter = false,
        Action<Utf8JsonWriter>? extra = null)
    {
        var sentenceCount = 4 + (seed % 4);
        var source = Enumerable.Range(0, sentenceCount).Select(i => Sentences[(seed + i) % Sentences.Length]).ToList();
        if (extraSentence is not null)
        {
            source.Add(extraSentence);
        }

        var rouge = source.Select((_, i) => 0.05 + ((seed * 37 + i * 53) % 40) / 100.0 + i / 1000.0).ToArray();
        var oracle = Array.IndexOf(rouge, rouge.Max());

        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("source");
            source.ForEach(writer.WriteStringValue);
            writer.WriteEndArray();
            if (labels)
            {
                writer.WriteStartArray("source_labels");
                for (var i = 0; i < source.Count; i++)
                {
                    writer.WriteNumberValue(i == oracle ? 1 : 0);
                }

                writer.WriteEndArray();
            }

            if (scores)
            {
                writer.WriteStartArray("rouge_scores");
                foreach (var score in rouge)
                {
                    writer.WriteNumberValue(score);
                }

                writer.WriteEndArray();
            }

            if (escapeIdFirstLetter)
            {
                // The same id with its first letter as a \u escape: equal once decoded, so still a duplicate.
                writer.WritePropertyName("paper_id");
                writer.WriteRawValue($"\"\\u{(int)id[0]:x4}{id[1..]}\"");
            }
            else
            {
                writer.WriteString("paper_id", id);
            }

            writer.WriteStartArray("target");
            for (var i = 0; i < tldrs; i++)
            {
                writer.WriteStringValue(Tldrs[(seed + i) % Tldrs.Length]);
            }

            writer.WriteEndArray();
            if (title)
            {
                writer.WriteString("title", titleText ?? Titles[seed % Titles.Length]);
            }

            extra?.Invoke(writer);
            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>A valid record padded by a long last sentence to exactly <paramref name="length"/> bytes.</summary>
    private static byte[] PaddedPaper(string id, int length)
    {
        var unpadded = Paper(id, seed: 2, extraSentence: "").Length;
        var words = string.Concat(Enumerable.Repeat("results hold across seeds and model sizes ", length / 40 + 1));
        var padded = Paper(id, seed: 2, extraSentence: words[..(length - unpadded)]);
        return padded.Length == length
            ? padded
            : throw new InvalidOperationException($"padding gave {padded.Length} bytes instead of {length}");
    }

    /// <summary>A record whose title holds <paramref name="bad"/> between ordinary text.</summary>
    private static byte[] Around(string id, byte[] bad) =>
        [.. Utf8($$"""{"source": ["{{Sentences[5]}}"], "paper_id": "{{id}}", "target": ["{{Tldrs[1]}}"], "title": "Before """), .. bad, .. Utf8(""" after"}""")];

    private static byte[] Scores(string id, string scores) =>
        Utf8($$"""{"source": ["{{Sentences[0]}}", "{{Sentences[1]}}", "{{Sentences[2]}}"], "source_labels": [0, 1, 0], "rouge_scores": {{scores}}, "paper_id": "{{id}}", "target": ["{{Tldrs[0]}}"]}""");

    private static byte[] Labels(string id, string labels) =>
        Utf8($$"""{"source": ["{{Sentences[9]}}", "{{Sentences[10]}}", "{{Sentences[11]}}"], "source_labels": {{labels}}, "rouge_scores": [0.1, 0.4, 0.2], "paper_id": "{{id}}", "target": ["{{Tldrs[2]}}"]}""");

    /// <summary>A valid record with an unknown field nested <paramref name="arrays"/> arrays deep: depth arrays + 1.</summary>
    private static byte[] Nested(string id, int arrays) =>
        [.. Utf8($$"""{"paper_id": "{{id}}", "source": ["{{Sentences[3]}}"], "target": ["{{Tldrs[0]}}"], "annotations": """), .. Brackets(arrays), .. Utf8("}")];

    private static byte[] Brackets(int depth) => Utf8(new string('[', depth) + new string(']', depth));

    private static byte[] Cut(byte[] line, double fraction) => line[..(int)(line.Length * fraction)];

    private static byte[] Without(byte[] line, string field, string value)
    {
        var text = Encoding.UTF8.GetString(line);
        var property = $",\"{field}\":\"{value}\"";
        return text.Contains(property, StringComparison.Ordinal)
            ? Utf8(text.Replace(property, "", StringComparison.Ordinal))
            : throw new InvalidOperationException($"'{property}' is not in the record");
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Guards the corpus itself: names unique, and no line that a line end would split or change.</summary>
    private static void Check(List<CorpusLine> lines)
    {
        var duplicateName = lines.GroupBy(line => line.Name).FirstOrDefault(group => group.Count() > 1);
        if (duplicateName is not null)
        {
            throw new InvalidOperationException($"corpus line name '{duplicateName.Key}' is used twice");
        }

        foreach (var line in lines)
        {
            // A trailing '\r' is dropped by the reader; only a blank line may rely on that.
            if (line.Bytes.AsSpan().Contains((byte)'\n') || (line.Bytes.AsSpan().EndsWith("\r"u8) && line.Expected != Blank))
            {
                throw new InvalidOperationException($"corpus line '{line.Name}' holds a line end");
            }
        }

        if (lines[^1].Bytes.Length == 0 || lines[0].Bytes.Length == 0)
        {
            throw new InvalidOperationException("the first and last corpus lines must not be empty");
        }
    }
}
