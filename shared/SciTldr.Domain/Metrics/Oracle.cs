namespace SciTldr.Domain.Metrics;

/// <summary>The extractive oracle: which single abstract sentence best stands in for a summary.</summary>
public static class Oracle
{
    /// <summary>
    /// The abstract sentence the summary overlaps most: argmax over sentences of ROUGE-1 F1 of the
    /// summary against that sentence (ties → the earliest sentence); RelativePosition = index /
    /// max(1, sentenceCount - 1) (0 = first, 1 = last; a single sentence is 0). Null when there are
    /// no sentences or the summary is empty.
    /// </summary>
    /// <remarks>
    /// Each score equals <c>Rouge.Rouge1(summary, sentence).F1</c> exactly. The summary is aligned
    /// once against all sentences read in order, which is also what <see cref="Rouge"/> and
    /// <see cref="NovelNgrams"/> reuse when next given the abstract as those same token objects.
    /// A null sentence counts as empty.
    /// </remarks>
    public static OracleMatch? BestSentence(ReadOnlySpan<string> summary, IReadOnlyList<string[]> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (summary.IsEmpty || sentences.Count == 0)
        {
            return null;
        }

        var alignment = TokenAlignment.Of(summary, sentences);
        var best = 0;
        var bestScore = -1.0;
        var start = 0;
        for (var i = 0; i < sentences.Count; i++)
        {
            var length = TokenAlignment.SentenceAt(sentences, i).Length;
            var overlap = SymbolStatistics.UnigramOverlap(alignment, start, length);
            var score = RougeScore.FromMatches(overlap, summary.Length, length).F1;
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }

            start += length;
        }

        return new OracleMatch(best, bestScore, (double)best / Math.Max(1, sentences.Count - 1));
    }
}
