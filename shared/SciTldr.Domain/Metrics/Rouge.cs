namespace SciTldr.Domain.Metrics;

/// <summary>
/// ROUGE over tokens (Lin 2004; as the <c>rouge-score</c> package computes it without stemming,
/// on tokens already produced by the project's tokenizer). Tokens match by ordinal equality.
/// Empty inputs score all zeros.
/// </summary>
public static class Rouge
{
    public static RougeScore Rouge1(ReadOnlySpan<string> candidate, ReadOnlySpan<string> reference) =>
        RougeN(candidate, reference, 1);

    public static RougeScore Rouge2(ReadOnlySpan<string> candidate, ReadOnlySpan<string> reference) =>
        RougeN(candidate, reference, 2);

    /// <summary>
    /// ROUGE-N with clipped counts: overlap = Σ over n-grams g of min(count in candidate, count in
    /// reference); precision = overlap / candidate n-grams, recall = overlap / reference n-grams.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1.</exception>
    public static RougeScore RougeN(ReadOnlySpan<string> candidate, ReadOnlySpan<string> reference, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (candidate.Length < n || reference.Length < n)
        {
            return default;
        }

        var overlap = SymbolStatistics.NgramOverlap(TokenAlignment.Of(candidate, reference), n);
        return RougeScore.FromMatches(overlap, candidate.Length - n + 1, reference.Length - n + 1);
    }

    /// <summary>
    /// ROUGE-L (sentence level): with l the length of the longest common subsequence of tokens,
    /// precision = l / candidate tokens, recall = l / reference tokens.
    /// </summary>
    public static RougeScore RougeL(ReadOnlySpan<string> candidate, ReadOnlySpan<string> reference)
    {
        if (candidate.IsEmpty || reference.IsEmpty)
        {
            return default;
        }

        var lcs = SymbolStatistics.LongestCommonSubsequence(TokenAlignment.Of(candidate, reference));
        return RougeScore.FromMatches(lcs, candidate.Length, reference.Length);
    }
}
