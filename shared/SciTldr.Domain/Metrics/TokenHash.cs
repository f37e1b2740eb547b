using System.Numerics;

namespace SciTldr.Domain.Metrics;

/// <summary>
/// A constant-time hash of a token: its length and five characters (the first two, the middle
/// one, the last two), so every character of a token of up to five. Every match found through it
/// is confirmed by ordinal string equality, so it only has to spread the few distinct tokens of a
/// candidate over a sparse table; long words that share length, ends and middle merely cost one
/// extra comparison. Hashing every character, as <see cref="string.GetHashCode()"/> does, costs
/// several times more on this hot path, where every abstract token is hashed for each TLDR.
/// </summary>
internal static class TokenHash
{
    private const ulong EndsMultiplier = 0x9E3779B97F4A7C15;
    private const ulong MiddleMultiplier = 0xC2B2AE3D27D4EB4F;
    private const ulong Finalizer = 0xFF51AFD7ED558CCD;

    public static int Of(string token)
    {
        var length = token.Length;
        if (length == 0)
        {
            return 0;
        }

        // Clamped positions rather than a branch on the length: in running text, whether the next
        // word is shorter than some threshold is a coin toss the branch predictor keeps losing.
        var last = length - 1;
        var ends = token[0]
            | ((ulong)token[Math.Min(1, last)] << 16)
            | ((ulong)token[Math.Max(last - 1, 0)] << 32)
            | ((ulong)token[last] << 48);
        var middle = token[length >> 1] | ((ulong)(uint)length << 16);
        var h = (ends * EndsMultiplier) ^ (middle * MiddleMultiplier);
        h = (h ^ (h >> 31)) * Finalizer;
        return (int)(h >> 32);
    }

    public static void Fill(ReadOnlySpan<string> tokens, Span<int> hashes)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            hashes[i] = Of(tokens[i]);
        }
    }
}
