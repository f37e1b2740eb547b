namespace SciTldr.Domain.Metrics;

/// <summary>How abstractive a summary is: the share of its n-grams its source never uses.</summary>
public static class NovelNgrams
{
    /// <summary>
    /// Percentage (0–100) of the summary's n-grams (counted with multiplicity) that do not occur
    /// anywhere in the source; null when the summary has fewer than n tokens.
    /// </summary>
    /// <remarks>
    /// The source is one token sequence, so its n-grams run across sentence boundaries when the
    /// caller passes the whole abstract. A corpus figure pools counts rather than averaging these
    /// percentages: Σ novel / Σ n-grams × 100 over all summaries (<see cref="Count"/> gives the
    /// integers). That pooled figure, with the whole abstract as source, is the definition that
    /// reproduces the data set README's novelty percentages.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1.</exception>
    public static double? Percent(ReadOnlySpan<string> summary, ReadOnlySpan<string> source, int n)
    {
        var (novel, total) = Count(summary, source, n);
        return total == 0 ? null : 100.0 * novel / total;
    }

    /// <summary>
    /// The summary's novel n-grams and all its n-grams, both counted with multiplicity: the
    /// integers behind <see cref="Percent"/>, for pooling over many summaries.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1.</exception>
    public static (int Novel, int Total) Count(ReadOnlySpan<string> summary, ReadOnlySpan<string> source, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (summary.Length < n)
        {
            return (0, 0);
        }

        var total = summary.Length - n + 1;
        if (source.Length < n)
        {
            return (total, total);
        }

        return (SymbolStatistics.NovelNgrams(TokenAlignment.Of(summary, source), n), total);
    }
}
