using SciTldr.Domain.Records;

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

    /// <summary>One row per item of <c>target</c>, in order.</summary>
    public static TldrFeatures[] From(PaperRecord record, int abstractWords)
    {
        ArgumentNullException.ThrowIfNull(record);

        var rows = new TldrFeatures[record.Target.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var text = record.Target[i];
            var words = Tokenizer.CountWhitespaceTokens(text);
            rows[i] = new TldrFeatures
            {
                PaperId = record.PaperId,
                TldrIndex = i,
                Source = TldrSources.ForIndex(i),
                Text = text,
                Words = words,
                Chars = Tokenizer.CountCharacters(text),
                Compression = words == 0 ? null : (double)abstractWords / words,
            };
        }

        return rows;
    }

    public static TldrFeatures[] From(PaperRecord record, PaperFeatures paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        return From(record, paper.AbstractWords);
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
