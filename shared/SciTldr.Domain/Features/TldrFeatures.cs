using SciTldr.Domain.Enrichment;
using SciTldr.Domain.Metrics;
using SciTldr.Domain.Records;
using SciTldr.Domain.Text;

namespace SciTldr.Domain.Features;

/// <summary>The silver row for one TLDR of a paper.</summary>
public sealed record TldrFeatures
{
    public required string PaperId { get; init; }

    /// <summary>Position in <c>target</c>: 0 is the author's TLDR.</summary>
    public required int TldrIndex { get; init; }

    /// <summary><see cref="TldrSources.Author"/> or <see cref="TldrSources.PeerReview"/>.</summary>
    public required string Source { get; init; }

    public required string Text { get; init; }

    public required int Words { get; init; }

    public required int Chars { get; init; }

    /// <summary>Abstract words per TLDR word; null when the TLDR has no words (the ratio is undefined).</summary>
    public double? Compression { get; init; }

    /// <summary>The TLDR after normalization.</summary>
    public string TextNormalized { get; init; } = "";

    /// <summary>Tokens of the normalized TLDR, by the project's tokenizer.</summary>
    public int Tokens { get; init; }

    /// <summary>ROUGE F1 of the TLDR against the whole abstract, computed by the project on its tokens.</summary>
    public double Rouge1F1 { get; init; }

    public double Rouge2F1 { get; init; }

    public double RougeLF1 { get; init; }

    /// <summary>Percent of the TLDR's n-grams absent from the abstract; null when the TLDR has fewer than n tokens.</summary>
    public double? Novel1GramPct { get; init; }

    public double? Novel2GramPct { get; init; }

    public double? Novel3GramPct { get; init; }

    /// <summary>The abstract sentence the TLDR overlaps most (the project's own oracle), its position 0…1, and its ROUGE-1 F1.</summary>
    public int? OracleSentence { get; init; }

    public double? OracleRelativePosition { get; init; }

    public double? OracleRouge1 { get; init; }

    public bool FirstPerson { get; init; }

    public bool ContainsNumber { get; init; }

    public bool StartsWithWePropose { get; init; }

    public bool StartsWithThisPaper { get; init; }

    public bool IsQuestion { get; init; }

    public bool ClaimsStateOfTheArt { get; init; }

    public bool MentionsCode { get; init; }

    /// <summary>One row per item of <c>target</c>, in order.</summary>
    public static TldrFeatures[] From(PaperRecord record, PaperFeatures paper) => From(record, paper, PaperText.From(record));

    public static TldrFeatures[] From(PaperRecord record, PaperFeatures paper, PaperText text)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(paper);
        ArgumentNullException.ThrowIfNull(text);

        var rows = new TldrFeatures[record.Target.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var original = record.Target[i];
            var words = Tokenizer.CountWhitespaceTokens(original);
            string normalized;
            int tokenCount;
            SummaryMetrics metrics;
            TldrStyle style;

            // ROUGE-1/2/L, novel 1/2/3-grams and the oracle sentence, from one alignment with the
            // abstract: by token id when the text tokenized this very TLDR, as PaperText.From does.
            if (text.TldrFor(i, original) is { } tldr)
            {
                var ids = text.TokenIdsOf(tldr);
                (normalized, tokenCount) = (tldr.Normalized, ids.Length);
                metrics = SummaryMetrics.Of(ids, text.AbstractTokenIds, text.Tokens.Count, text.SentenceTokenCounts);
                style = TldrStyleFlags.Of(normalized, new TableTokens(text.Tokens, ids));
            }
            else
            {
                normalized = TextNormalizer.Normalize(original);
                var tokens = WordTokenizer.Tokenize(normalized);
                tokenCount = tokens.Length;
                metrics = SummaryMetrics.Of(tokens, text.AbstractTokens, text.SentenceTokens);
                style = TldrStyleFlags.Of(normalized, tokens);
            }

            var oracle = metrics.Oracle;
            rows[i] = new TldrFeatures
            {
                PaperId = record.PaperId,
                TldrIndex = i,
                Source = TldrSources.ForIndex(i),
                Text = original,
                Words = words,
                Chars = Tokenizer.CountCharacters(original),
                Compression = words == 0 ? null : (double)paper.AbstractWords / words,
                TextNormalized = normalized,
                Tokens = tokenCount,
                Rouge1F1 = metrics.Rouge1F1,
                Rouge2F1 = metrics.Rouge2F1,
                RougeLF1 = metrics.RougeLF1,
                Novel1GramPct = metrics.Novel1GramPct,
                Novel2GramPct = metrics.Novel2GramPct,
                Novel3GramPct = metrics.Novel3GramPct,
                OracleSentence = oracle?.SentenceIndex,
                OracleRelativePosition = oracle?.RelativePosition,
                OracleRouge1 = oracle?.Score,
                FirstPerson = style.HasFlag(TldrStyle.FirstPerson),
                ContainsNumber = style.HasFlag(TldrStyle.ContainsNumber),
                StartsWithWePropose = style.HasFlag(TldrStyle.StartsWithWePropose),
                StartsWithThisPaper = style.HasFlag(TldrStyle.StartsWithThisPaper),
                IsQuestion = style.HasFlag(TldrStyle.Question),
                ClaimsStateOfTheArt = style.HasFlag(TldrStyle.ClaimsStateOfTheArt),
                MentionsCode = style.HasFlag(TldrStyle.MentionsCode),
            };
        }

        return rows;
    }
}

/// <summary>Who wrote a TLDR; stored in silver, so the strings are fixed.</summary>
public static class TldrSources
{
    public const string Author = "author";
    public const string PeerReview = "peer_review";

    /// <summary>SciTLDR puts the author's TLDR first and the peer-review-derived ones after it.</summary>
    public static string ForIndex(int tldrIndex) => tldrIndex == 0 ? Author : PeerReview;
}
