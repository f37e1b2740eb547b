using SciTldr.Domain.Records;

namespace SciTldr.Domain.Features;

/// <summary>
/// The silver row for one paper: counts and summaries of its record, enough for the quality rules
/// and the gold statistics without going back to the text.
/// </summary>
public sealed record PaperFeatures
{
    public required string PaperId { get; init; }

    public string? Title { get; init; }

    /// <summary>Items in <c>source</c>, blank ones included.</summary>
    public required int AbstractSentences { get; init; }

    public required int AbstractNonblankSentences { get; init; }

    /// <summary>Whitespace tokens summed over the sentences.</summary>
    public required int AbstractWords { get; init; }

    /// <summary>Characters (Unicode scalar values) summed over the sentences.</summary>
    public required int AbstractChars { get; init; }

    public required int TitleWords { get; init; }

    public required int TldrCount { get; init; }

    /// <summary>1 when the record has a <c>target[0]</c>, else 0.</summary>
    public required int AuthorTldrCount { get; init; }

    /// <summary>The TLDRs after the first (<c>target[1:]</c>).</summary>
    public required int PeerReviewTldrCount { get; init; }

    public required int BlankTldrCount { get; init; }

    /// <summary>Length of <c>source_labels</c>; null when the record has none.</summary>
    public int? SourceLabelsLength { get; init; }

    /// <summary>Length of <c>rouge_scores</c>; null when the record has none.</summary>
    public int? RougeScoresLength { get; init; }

    /// <summary>How many labels are 1; null when the record has no labels.</summary>
    public int? OracleCount { get; init; }

    /// <summary>Index of the first label that is 1; null when there are no labels or no 1.</summary>
    public int? OracleIndex { get; init; }

    /// <summary>Null when the record has no scores (or an empty list), like the other two.</summary>
    public double? RougeMin { get; init; }

    public double? RougeMax { get; init; }

    public double? RougeMean { get; init; }

    /// <summary>The title after normalization ("" when there is none).</summary>
    public string TitleNormalized { get; init; } = "";

    /// <summary>The normalized abstract (non-blank normalized sentences joined by spaces).</summary>
    public string Abstract { get; init; } = "";

    /// <summary>Hex SHA-256 of the original sentences joined by newlines: traces the row back to its source text.</summary>
    public string AbstractSha256 { get; init; } = "";

    /// <summary>Tokens of the normalized abstract, by the project's tokenizer.</summary>
    public int AbstractTokens { get; init; }

    public int TitleTokens { get; init; }

    /// <summary>Whether <c>source_labels</c> and <c>rouge_scores</c>, where present, have one entry per sentence.</summary>
    public bool Aligned { get; init; }

    /// <summary>Where the labelled oracle sentence sits: 0 first … 1 last; null without one.</summary>
    public double? OracleRelativePosition { get; init; }

    /// <summary>Keyphrases of title and abstract, best first, joined by "; ".</summary>
    public string Keyphrases { get; init; } = "";

    /// <summary>Research-area ids of the lexicon the paper mentions, joined by "; ".</summary>
    public string ResearchAreas { get; init; } = "";

    /// <summary>The separator of the list-valued text columns.</summary>
    public const string ListSeparator = "; ";

    public const int MaxKeyphrases = 5;

    public static PaperFeatures From(PaperRecord record) => From(record, PaperText.From(record));

    public static PaperFeatures From(PaperRecord record, PaperText text)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(text);

        int words = 0, chars = 0, nonblank = 0;
        foreach (var sentence in record.Source)
        {
            var sentenceWords = Tokenizer.CountWhitespaceTokens(sentence);
            words += sentenceWords;
            chars += Tokenizer.CountCharacters(sentence);
            if (sentenceWords > 0)
            {
                nonblank++;
            }
        }

        var blankTldrs = 0;
        foreach (var tldr in record.Target)
        {
            if (Tokenizer.IsBlank(tldr))
            {
                blankTldrs++;
            }
        }

        int? oracleCount = null, oracleIndex = null;
        if (record.SourceLabels is { } labels)
        {
            oracleCount = 0;
            for (var i = 0; i < labels.Length; i++)
            {
                if (labels[i] == 1)
                {
                    oracleCount++;
                    oracleIndex ??= i;
                }
            }
        }

        double? rougeMin = null, rougeMax = null, rougeMean = null;
        if (record.RougeScores is { Length: > 0 } scores)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
            foreach (var score in scores)
            {
                min = Math.Min(min, score);
                max = Math.Max(max, score);
                sum += score;
            }

            (rougeMin, rougeMax, rougeMean) = (min, max, sum / scores.Length);
        }

        return new PaperFeatures
        {
            PaperId = record.PaperId,
            Title = record.Title,
            AbstractSentences = record.Source.Length,
            AbstractNonblankSentences = nonblank,
            AbstractWords = words,
            AbstractChars = chars,
            TitleWords = Tokenizer.CountWhitespaceTokens(record.Title),
            TldrCount = record.Target.Length,
            AuthorTldrCount = record.Target.Length > 0 ? 1 : 0,
            PeerReviewTldrCount = Math.Max(0, record.Target.Length - 1),
            BlankTldrCount = blankTldrs,
            SourceLabelsLength = record.SourceLabels?.Length,
            RougeScoresLength = record.RougeScores?.Length,
            OracleCount = oracleCount,
            OracleIndex = oracleIndex,
            RougeMin = rougeMin,
            RougeMax = rougeMax,
            RougeMean = rougeMean,
            TitleNormalized = text.Title,
            Abstract = text.Abstract,
            AbstractSha256 = text.AbstractSha256,
            AbstractTokens = text.AbstractTokenCount,
            TitleTokens = text.TitleTokenCount,
            Aligned = (record.SourceLabels is null || record.SourceLabels.Length == record.Source.Length)
                && (record.RougeScores is null || record.RougeScores.Length == record.Source.Length),
            OracleRelativePosition = oracleIndex is { } index ? (double)index / Math.Max(1, record.Source.Length - 1) : null,
            Keyphrases = string.Join(ListSeparator, text.Keyphrases(MaxKeyphrases)),
            ResearchAreas = string.Join(ListSeparator, text.ResearchAreaIds()),
        };
    }
}
