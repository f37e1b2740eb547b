using System.Numerics;

namespace SciTldr.Domain.Metrics;

/// <summary>The counts behind every metric, computed from a <see cref="TokenAlignment"/>.</summary>
internal static class SymbolStatistics
{
    private const int WordBits = 64;

    /// <summary>
    /// Σ over tokens of min(count in candidate, count in the reference tokens
    /// [<paramref name="start"/>, start + <paramref name="length"/>)): the clipped unigram overlap.
    /// </summary>
    public static int UnigramOverlap(TokenAlignment alignment, int start, int length)
    {
        // Slot 0 absorbs the reference tokens the candidate lacks, so the loop has no branch.
        var counts = alignment.Scratch.Counts(alignment.Distinct + 1);
        foreach (var symbol in alignment.ReferenceSymbols.Slice(start, length))
        {
            counts[symbol + 1]++;
        }

        var own = alignment.CandidateCounts;
        var overlap = 0;
        for (var symbol = 0; symbol < own.Length; symbol++)
        {
            overlap += Math.Min(own[symbol], counts[symbol + 1]);
        }

        return overlap;
    }

    /// <summary>Clipped n-gram overlap of the candidate and the whole reference.</summary>
    public static int NgramOverlap(TokenAlignment alignment, int n)
    {
        if (n == 1)
        {
            return UnigramOverlap(alignment, 0, alignment.ReferenceLength);
        }

        var table = alignment.Scratch.Ngrams;
        table.Build(alignment.CandidateSymbols, n);
        return table.ClippedOverlap(alignment.ReferenceSymbols);
    }

    /// <summary>Candidate n-grams, with multiplicity, that occur nowhere in the reference.</summary>
    public static int NovelNgrams(TokenAlignment alignment, int n)
    {
        if (n > 1)
        {
            var table = alignment.Scratch.Ngrams;
            table.Build(alignment.CandidateSymbols, n);
            return table.CandidateGramsAbsentFrom(alignment.ReferenceSymbols);
        }

        var seen = alignment.Scratch.Counts(alignment.Distinct + 1);
        foreach (var symbol in alignment.ReferenceSymbols)
        {
            seen[symbol + 1] = 1;
        }

        var own = alignment.CandidateCounts;
        var novel = 0;
        for (var symbol = 0; symbol < own.Length; symbol++)
        {
            novel += seen[symbol + 1] == 0 ? own[symbol] : 0;
        }

        return novel;
    }

    /// <summary>
    /// Length of the longest common subsequence of candidate and reference. When either side fits
    /// in a 64-bit word, the bit-parallel algorithm of Allison–Dix / Hyyrö takes one branch-free
    /// step per token of the other side; otherwise a single rolling DP row over the candidate,
    /// skipping reference tokens the candidate lacks (they cannot extend a common subsequence).
    /// </summary>
    public static int LongestCommonSubsequence(TokenAlignment alignment)
    {
        var candidate = alignment.CandidateSymbols;
        var reference = alignment.ReferenceSymbols;
        if (candidate.IsEmpty || reference.IsEmpty)
        {
            return 0;
        }

        if (candidate.Length <= WordBits)
        {
            // Word over candidate positions; mask 0 (for absent reference tokens) stays empty.
            var masks = alignment.Scratch.Masks(alignment.Distinct + 1);
            for (var i = 0; i < candidate.Length; i++)
            {
                masks[candidate[i] + 1] |= 1UL << i;
            }

            return BitParallel(masks, reference, candidate.Length, symbolOffset: 1);
        }

        if (reference.Length <= WordBits)
        {
            // Word over reference positions; every candidate symbol is a valid index.
            var masks = alignment.Scratch.Masks(alignment.Distinct);
            for (var j = 0; j < reference.Length; j++)
            {
                if (reference[j] >= 0)
                {
                    masks[reference[j]] |= 1UL << j;
                }
            }

            return BitParallel(masks, candidate, reference.Length, symbolOffset: 0);
        }

        return RollingRow(candidate, reference, alignment.Scratch.Row(candidate.Length + 1));
    }

    // Bit i of v is 0 where the DP row steps up at column i; the LCS is the number of zero bits.
    private static int BitParallel(ReadOnlySpan<ulong> masks, ReadOnlySpan<int> scanned, int columns, int symbolOffset)
    {
        var v = ulong.MaxValue;
        foreach (var symbol in scanned)
        {
            var u = v & masks[symbol + symbolOffset];
            v = (v + u) | (v - u);
        }

        var used = columns == WordBits ? ulong.MaxValue : (1UL << columns) - 1;
        return columns - BitOperations.PopCount(v & used);
    }

    private static int RollingRow(ReadOnlySpan<int> candidate, ReadOnlySpan<int> reference, Span<int> row)
    {
        foreach (var symbol in reference)
        {
            if (symbol < 0)
            {
                continue;
            }

            var diagonal = 0;
            for (var i = 1; i < row.Length; i++)
            {
                var above = row[i];
                row[i] = candidate[i - 1] == symbol ? diagonal + 1 : Math.Max(above, row[i - 1]);
                diagonal = above;
            }
        }

        return row[^1];
    }
}
