using System.Numerics;

namespace SciTldr.Domain.Metrics;

/// <summary>
/// The n-grams of a candidate, as tuples of symbols (see <see cref="TokenAlignment"/>), with how
/// often each occurs in the candidate and in the reference. Symbols are exact, so a match is
/// confirmed by comparing n integers; no string is built or compared.
/// </summary>
internal sealed class NgramTable
{
    private int[] slots = [];      // entry + 1; 0 = empty
    private int[] entryHash = [];
    private int[] entryStart = [];
    private int[] ownCounts = [];
    private int[] otherCounts = [];
    private int slotShift;
    private int slotMask;
    private int n;
    private int distinct;
    private int[] ownSymbols = [];
    private int ownLength;

    /// <summary>Indexes every n-gram of the candidate symbols; other counts start at zero.</summary>
    public void Build(ReadOnlySpan<int> candidateSymbols, int n)
    {
        this.n = n;
        ownLength = candidateSymbols.Length;
        Grow(ref ownSymbols, ownLength);
        candidateSymbols.CopyTo(ownSymbols);

        var grams = candidateSymbols.Length - n + 1;
        var slotCount = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, grams * 4));
        Grow(ref slots, slotCount);
        slots.AsSpan(0, slotCount).Clear();
        Grow(ref entryHash, grams);
        Grow(ref entryStart, grams);
        Grow(ref ownCounts, grams);
        Grow(ref otherCounts, grams);
        slotMask = slotCount - 1;
        slotShift = 32 - BitOperations.Log2((uint)slotCount);

        distinct = 0;
        for (var start = 0; start < grams; start++)
        {
            var hash = Hash(candidateSymbols, start);
            var entry = Find(candidateSymbols, start, hash, out var slot);
            if (entry < 0)
            {
                entry = distinct++;
                entryHash[entry] = hash;
                entryStart[entry] = start;
                ownCounts[entry] = 0;
                otherCounts[entry] = 0;
                slots[slot] = entry + 1;
            }

            ownCounts[entry]++;
        }
    }

    /// <summary>Σ over n-grams of min(candidate count, reference count): the clipped overlap of ROUGE-N.</summary>
    /// <param name="matchPositions">The reference positions whose symbol is not -1, ascending.</param>
    public int ClippedOverlap(ReadOnlySpan<int> referenceSymbols, ReadOnlySpan<int> matchPositions)
    {
        var overlap = 0;
        var run = 0;
        var previous = -2;
        foreach (var j in matchPositions)
        {
            // Only a window of n symbols that all occur in the candidate can match: n matches in a row.
            run = j == previous + 1 ? run + 1 : 1;
            previous = j;
            if (run >= n)
            {
                var start = j - n + 1;
                var entry = Find(referenceSymbols, start, Hash(referenceSymbols, start), out _);
                if (entry >= 0 && otherCounts[entry] < ownCounts[entry])
                {
                    otherCounts[entry]++;
                    overlap++;
                }
            }
        }

        return overlap;
    }

    /// <summary>
    /// After <see cref="ClippedOverlap"/>: how many candidate n-grams (with multiplicity) it matched
    /// nowhere, which is <see cref="CandidateGramsAbsentFrom"/> of the same reference.
    /// </summary>
    public int CandidateGramsUnmatched()
    {
        var unmatched = 0;
        for (var entry = 0; entry < distinct; entry++)
        {
            unmatched += otherCounts[entry] == 0 ? ownCounts[entry] : 0;
        }

        return unmatched;
    }

    /// <summary>How many candidate n-grams (with multiplicity) occur nowhere in the reference.</summary>
    /// <param name="matchPositions">The reference positions whose symbol is not -1, ascending.</param>
    public int CandidateGramsAbsentFrom(ReadOnlySpan<int> referenceSymbols, ReadOnlySpan<int> matchPositions)
    {
        var absent = ownLength - n + 1;
        var unseen = distinct;
        var run = 0;
        var previous = -2;
        foreach (var j in matchPositions)
        {
            if (unseen == 0)
            {
                break;
            }

            run = j == previous + 1 ? run + 1 : 1;
            previous = j;
            if (run >= n)
            {
                var start = j - n + 1;
                var entry = Find(referenceSymbols, start, Hash(referenceSymbols, start), out _);
                if (entry >= 0 && otherCounts[entry] == 0)
                {
                    otherCounts[entry] = 1;
                    absent -= ownCounts[entry];
                    unseen--;
                }
            }
        }

        return absent;
    }

    private static void Grow(ref int[] array, int length)
    {
        if (array.Length < length)
        {
            array = new int[Math.Max(length, array.Length * 2)];
        }
    }

    private int Hash(ReadOnlySpan<int> symbols, int start)
    {
        var h = (uint)symbols[start];
        for (var k = 1; k < n; k++)
        {
            h = (h * 0x01000193u) ^ (uint)symbols[start + k];
        }

        return (int)h;
    }

    /// <summary>The entry of the n-gram at <paramref name="start"/>, or -1 with the empty slot it would take.</summary>
    private int Find(ReadOnlySpan<int> symbols, int start, int hash, out int slot)
    {
        for (slot = (int)(((uint)hash * 0x9E3779B1u) >> slotShift); ; slot = (slot + 1) & slotMask)
        {
            var entry = slots[slot] - 1;
            if (entry < 0)
            {
                return -1;
            }

            if (entryHash[entry] == hash && SameGram(symbols, start, entryStart[entry]))
            {
                return entry;
            }
        }
    }

    // n is 2 or 3 here, too short for a call to the vectorized SequenceEqual to pay off.
    private bool SameGram(ReadOnlySpan<int> symbols, int start, int ownStart)
    {
        for (var k = 0; k < n; k++)
        {
            if (symbols[start + k] != ownSymbols[ownStart + k])
            {
                return false;
            }
        }

        return true;
    }
}
