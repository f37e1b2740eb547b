using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SciTldr.Domain.Features;

/// <summary>Whitespace tokenization, the one the reference figures of the data set use.</summary>
/// <remarks>
/// A token is a maximal run of non-whitespace characters, as Python's <c>str.split()</c> without
/// arguments defines it; so leading, trailing and repeated whitespace never make empty tokens.
/// </remarks>
public static class Tokenizer
{
    public static int CountWhitespaceTokens(string? text) =>
        text is null ? 0 : CountWhitespaceTokens(text.AsSpan());

    public static int CountWhitespaceTokens(ReadOnlySpan<char> text)
    {
        // A token starts at each non-whitespace character that follows whitespace or the start.
        // ASCII blocks of 16 are counted on bit masks, so that the count has no branch per word.
        var count = 0;
        var previousInToken = 0U;
        var chars = MemoryMarshal.Cast<char, ushort>(text);
        var i = 0;
        for (; i + 16 <= chars.Length; i += 16)
        {
            var low = Vector128.Create(chars.Slice(i, 8));
            var high = Vector128.Create(chars.Slice(i + 8, 8));
            if (((low | high) & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero)
            {
                count += CountScalar(text.Slice(i, 16), ref previousInToken);
                continue;
            }

            // ASCII whitespace for char.IsWhiteSpace: '\t' '\n' '\v' '\f' '\r' and ' '.
            var bytes = Vector128.Narrow(low, high);
            var whitespace = Vector128.Equals(bytes, Vector128.Create((byte)' '))
                | Vector128.LessThanOrEqual(bytes - Vector128.Create((byte)'\t'), Vector128.Create((byte)('\r' - '\t')));
            var inToken = ~whitespace.ExtractMostSignificantBits() & 0xFFFF;
            count += BitOperations.PopCount(inToken & ~((inToken << 1) | previousInToken));
            previousInToken = inToken >> 15;
        }

        return count + CountScalar(text[i..], ref previousInToken);
    }

    private static int CountScalar(ReadOnlySpan<char> text, ref uint previousInToken)
    {
        var count = 0;
        foreach (var c in text)
        {
            var inToken = char.IsWhiteSpace(c) ? 0U : 1U;
            count += (int)(inToken & ~previousInToken);
            previousInToken = inToken;
        }

        return count;
    }

    /// <summary>Characters as a person counts them: Unicode scalar values, so a surrogate pair is one.</summary>
    public static int CountCharacters(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        // Nearly every text has no surrogate at all, which one vectorized search shows.
        if (!text.AsSpan().ContainsAnyInRange('\uDC00', '\uDFFF'))
        {
            return text.Length;
        }

        var lowSurrogates = 0;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                lowSurrogates++;
            }
        }

        return text.Length - lowSurrogates;
    }

    /// <summary>True when the text has no token at all (null, empty or whitespace only).</summary>
    public static bool IsBlank(string? text) => string.IsNullOrWhiteSpace(text);
}
