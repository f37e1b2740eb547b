namespace SciTldr.Domain.Metrics;

/// <summary>
/// Every metric of one summary against one abstract, as <see cref="Rouge"/>, <see cref="NovelNgrams"/>
/// and <see cref="Oracle"/> compute them one by one, to the bit.
/// </summary>
/// <remarks>
/// Computed together, the summary is aligned with the abstract once (each public call re-checks
/// the cached alignment against all abstract tokens), and counts that two metrics share come from
/// one pass: clipped unigram overlap and novel unigrams, clipped bigram overlap and novel bigrams
/// (an n-gram is novel exactly when the clipped count left it unmatched).
/// </remarks>
internal readonly record struct SummaryMetrics(
    double Rouge1F1,
    double Rouge2F1,
    double RougeLF1,
    double? Novel1GramPct,
    double? Novel2GramPct,
    double? Novel3GramPct,
    OracleMatch? Oracle)
{
    /// <param name="summary">The summary's tokens.</param>
    /// <param name="abstractTokens">The abstract's tokens: exactly the sentences' tokens, in order.</param>
    /// <param name="sentenceTokens">The abstract's sentences, none null.</param>
    public static SummaryMetrics Of(ReadOnlySpan<string> summary, ReadOnlySpan<string> abstractTokens, IReadOnlyList<string[]> sentenceTokens)
    {
        if (summary.IsEmpty)
        {
            return default;
        }

        var sentenceLengths = new int[sentenceTokens.Count];
        for (var i = 0; i < sentenceLengths.Length; i++)
        {
            sentenceLengths[i] = sentenceTokens[i].Length;
        }

        return Of(TokenAlignment.Of(summary, abstractTokens), sentenceLengths);
    }

    /// <summary>
    /// The metrics of a summary and an abstract from their token ids (<see cref="TokenAlignment.OfIds"/>);
    /// <paramref name="sentenceLengths"/> cut the abstract into its sentences.
    /// </summary>
    public static SummaryMetrics Of(ReadOnlySpan<int> summaryIds, ReadOnlySpan<int> abstractIds, int idCount, ReadOnlySpan<int> sentenceLengths) =>
        summaryIds.IsEmpty ? default : Of(TokenAlignment.OfIds(summaryIds, abstractIds, idCount), sentenceLengths);

    /// <summary>The metrics of a non-empty summary aligned with the abstract.</summary>
    /// <remarks>Every score of an empty summary is zero and every percentage undefined: <c>default</c>.</remarks>
    private static SummaryMetrics Of(TokenAlignment alignment, ReadOnlySpan<int> sentenceLengths)
    {
        int c = alignment.CandidateLength, r = alignment.ReferenceLength;

        double rouge1 = 0, rouge2 = 0, rougeL = 0;
        double? novel1, novel2 = null, novel3 = null;
        if (r == 0)
        {
            novel1 = Percent(c, c);
        }
        else
        {
            var (overlap, novel) = SymbolStatistics.UnigramOverlapAndNovel(alignment);
            rouge1 = RougeScore.FromMatches(overlap, c, r).F1;
            novel1 = Percent(novel, c);
            rougeL = RougeScore.FromMatches(SymbolStatistics.LongestCommonSubsequence(alignment), c, r).F1;
        }

        if (c >= 2)
        {
            if (r >= 2)
            {
                var (overlap, novel) = SymbolStatistics.BigramOverlapAndNovel(alignment);
                rouge2 = RougeScore.FromMatches(overlap, c - 1, r - 1).F1;
                novel2 = Percent(novel, c - 1);
            }
            else
            {
                novel2 = Percent(c - 1, c - 1);
            }
        }

        if (c >= 3)
        {
            novel3 = Percent(r >= 3 ? SymbolStatistics.NovelNgrams(alignment, 3) : c - 2, c - 2);
        }

        return new SummaryMetrics(rouge1, rouge2, rougeL, novel1, novel2, novel3, BestSentence(alignment, c, sentenceLengths));
    }

    private static double Percent(int novel, int total) => 100.0 * novel / total;

    /// <summary><see cref="Metrics.Oracle.BestSentence"/> on the alignment with the whole abstract.</summary>
    /// <remarks>
    /// Each sentence's clipped unigram overlap is counted in one pass over the abstract's matches:
    /// a match adds one while its symbol has been seen in the sentence fewer times than the summary
    /// has it, which sums to Σ min(count in summary, count in sentence).
    /// </remarks>
    private static OracleMatch? BestSentence(TokenAlignment alignment, int summaryLength, ReadOnlySpan<int> sentenceLengths)
    {
        if (sentenceLengths.IsEmpty)
        {
            return null;
        }

        var own = alignment.CandidateCounts;
        var symbols = alignment.ReferenceSymbols;
        var matches = alignment.MatchPositions;
        var seen = alignment.Scratch.Counts(own.Length);
        var seenInSentence = alignment.Scratch.Row(own.Length);

        var best = 0;
        var bestScore = -1.0;
        var start = 0;
        var next = 0;
        for (var i = 0; i < sentenceLengths.Length; i++)
        {
            var length = sentenceLengths[i];
            var end = start + length;
            var overlap = 0;
            for (; next < matches.Length && matches[next] < end; next++)
            {
                var symbol = symbols[matches[next]];
                if (seenInSentence[symbol] != i + 1)
                {
                    seenInSentence[symbol] = i + 1;
                    seen[symbol] = 0;
                }

                overlap += seen[symbol]++ < own[symbol] ? 1 : 0;
            }

            var score = RougeScore.FromMatches(overlap, summaryLength, length).F1;
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }

            start = end;
        }

        return new OracleMatch(best, bestScore, (double)best / Math.Max(1, sentenceLengths.Length - 1));
    }
}
