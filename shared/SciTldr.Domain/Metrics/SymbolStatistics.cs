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
        var counts = alignment.Scratch.Counts(alignment.Distinct);
        var symbols = alignment.ReferenceSymbols;
        foreach (var position in MatchesWithin(alignment.MatchPositions, start, start + length))
        {
            counts[symbols[position]]++;
        }

        var own = alignment.CandidateCounts;
        var overlap = 0;
        for (var symbol = 0; symbol < own.Length; symbol++)
        {
            overlap += Math.Min(own[symbol], counts[symbol]);
        }

        return overlap;
    }

    /// <summary>
    /// <see cref="UnigramOverlap"/> of the whole reference and <see cref="NovelNgrams"/> for n = 1,
    /// from one count of the reference.
    /// </summary>
    public static (int Overlap, int Novel) UnigramOverlapAndNovel(TokenAlignment alignment)
    {
        var counts = alignment.Scratch.Counts(alignment.Distinct);
        var symbols = alignment.ReferenceSymbols;
        foreach (var position in alignment.MatchPositions)
        {
            counts[symbols[position]]++;
        }

        var own = alignment.CandidateCounts;
        int overlap = 0, novel = 0;
        for (var symbol = 0; symbol < own.Length; symbol++)
        {
            var inReference = counts[symbol];
            overlap += Math.Min(own[symbol], inReference);
            novel += inReference == 0 ? own[symbol] : 0;
        }

        return (overlap, novel);
    }

    /// <summary><see cref="NgramOverlap"/> and <see cref="NovelNgrams"/> for n = 2, from one pass over the reference.</summary>
    public static (int Overlap, int Novel) BigramOverlapAndNovel(TokenAlignment alignment)
    {
        var table = alignment.Scratch.Ngrams;
        table.Build(alignment.CandidateSymbols, 2);
        var overlap = table.ClippedOverlap(alignment.ReferenceSymbols, alignment.MatchPositions);
        return (overlap, table.CandidateGramsUnmatched());
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
        return table.ClippedOverlap(alignment.ReferenceSymbols, alignment.MatchPositions);
    }

    /// <summary>Candidate n-grams, with multiplicity, that occur nowhere in the reference.</summary>
    public static int NovelNgrams(TokenAlignment alignment, int n)
    {
        if (n > 1)
        {
            var table = alignment.Scratch.Ngrams;
            table.Build(alignment.CandidateSymbols, n);
            return table.CandidateGramsAbsentFrom(alignment.ReferenceSymbols, alignment.MatchPositions);
        }

        var seen = alignment.Scratch.Counts(alignment.Distinct);
        var symbols = alignment.ReferenceSymbols;
        foreach (var position in alignment.MatchPositions)
        {
            seen[symbols[position]] = 1;
        }

        var own = alignment.CandidateCounts;
        var novel = 0;
        for (var symbol = 0; symbol < own.Length; symbol++)
        {
            novel += seen[symbol] == 0 ? own[symbol] : 0;
        }

        return novel;
    }

    /// <summary>The match positions in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    private static ReadOnlySpan<int> MatchesWithin(ReadOnlySpan<int> positions, int start, int end)
    {
        if (start == 0 && end >= (positions.IsEmpty ? 0 : positions[^1] + 1))
        {
            return positions;
        }

        var from = LowerBound(positions, start);
        return positions[from..LowerBound(positions, end)];
    }

    /// <summary>Index of the first position not below <paramref name="value"/>.</summary>
    private static int LowerBound(ReadOnlySpan<int> positions, int value)
    {
        int low = 0, high = positions.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (positions[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
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
            // Word over candidate positions. A reference token the candidate lacks would step
            // with an empty mask, which leaves the word as it is, so only the matches are read.
            var masks = alignment.Scratch.Masks(alignment.Distinct);
            for (var i = 0; i < candidate.Length; i++)
            {
                masks[candidate[i]] |= 1UL << i;
            }

            return BitParallel(masks, reference, alignment.MatchPositions, candidate.Length);
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

            return BitParallel(masks, candidate, reference.Length);
        }

        return RollingRow(candidate, reference, alignment.MatchPositions, alignment.Scratch.Row(candidate.Length + 1));
    }

    // Bit i of v is 0 where the DP row steps up at column i; the LCS is the number of zero bits.
    private static int BitParallel(ReadOnlySpan<ulong> masks, ReadOnlySpan<int> scanned, int columns)
    {
        var v = ulong.MaxValue;
        foreach (var symbol in scanned)
        {
            var u = v & masks[symbol];
            v = (v + u) | (v - u);
        }

        return ZeroBits(v, columns);
    }

    /// <summary>The same steps for the symbols at <paramref name="positions"/> only.</summary>
    private static int BitParallel(ReadOnlySpan<ulong> masks, ReadOnlySpan<int> symbols, ReadOnlySpan<int> positions, int columns)
    {
        var v = ulong.MaxValue;
        foreach (var position in positions)
        {
            var u = v & masks[symbols[position]];
            v = (v + u) | (v - u);
        }

        return ZeroBits(v, columns);
    }

    private static int ZeroBits(ulong v, int columns)
    {
        var used = columns == WordBits ? ulong.MaxValue : (1UL << columns) - 1;
        return columns - BitOperations.PopCount(v & used);
    }

    private static int RollingRow(ReadOnlySpan<int> candidate, ReadOnlySpan<int> reference, ReadOnlySpan<int> matchPositions, Span<int> row)
    {
        foreach (var position in matchPositions)
        {
            var symbol = reference[position];
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
