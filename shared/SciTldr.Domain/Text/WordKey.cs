namespace SciTldr.Domain.Text;

/// <summary>
/// A cheap 64-bit key of a word for hash tables: its length and five of its characters (the first
/// two, the middle one, the last two), nine bits each. Building it takes five loads and a few
/// shifts, against the two multiplications of <see cref="Metrics.TokenHash"/>; a table spreads it
/// with one multiplication (<see cref="Mix"/>). Words that agree on all six merely share a slot.
/// </summary>
/// <remarks>
/// A word of up to five characters, all below U+0200 (every ASCII word), is all in its key, so two
/// such keys are equal exactly when the words are: <see cref="IsExact"/> tells a table it may skip
/// comparing the characters, which for the short, frequent words ("the", "of", "we") is most of the
/// work of a lookup. Any other word's key has the top bit set and is confirmed character by character.
/// </remarks>
internal static class WordKey
{
    private const ulong Spreader = 0x9E3779B97F4A7C15;
    private const int CharBits = 9;
    private const uint CharMask = (1 << CharBits) - 1;
    private const int LengthShift = 5 * CharBits;
    private const int LengthLimit = (1 << (63 - LengthShift)) - 1;
    private const ulong Inexact = 1UL << 63;

    public static ulong Of(ReadOnlySpan<char> word)
    {
        var length = word.Length;
        if (length == 0)
        {
            return 0;
        }

        // Clamped positions rather than a branch on the length, which varies word to word.
        var last = length - 1;
        uint c0 = word[0], c1 = word[Math.Min(1, last)], middle = word[length >> 1], c3 = word[Math.Max(last - 1, 0)], c4 = word[last];
        var key = (c0 & CharMask)
            | ((ulong)(c1 & CharMask) << CharBits)
            | ((ulong)(middle & CharMask) << (2 * CharBits))
            | ((ulong)(c3 & CharMask) << (3 * CharBits))
            | ((ulong)(c4 & CharMask) << (4 * CharBits))
            | ((ulong)(uint)Math.Min(length, LengthLimit) << LengthShift);
        var exact = length <= 5 && (c0 | c1 | middle | c3 | c4) <= CharMask;
        return exact ? key : key | Inexact;
    }

    /// <summary>Whether equal keys mean equal words, with no need to compare them.</summary>
    public static bool IsExact(ulong key) => key < Inexact;

    /// <summary>The key spread over all 64 bits: take the top bits for a slot.</summary>
    public static ulong Mix(ulong key) => key * Spreader;
}
