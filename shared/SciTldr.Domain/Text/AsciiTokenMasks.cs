using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SciTldr.Domain.Text;

/// <summary>
/// <see cref="WordTokenizer"/>'s rules for pure-ASCII text (nine sentences in ten), evaluated on
/// bit masks of 64 characters instead of one character at a time.
/// </summary>
/// <remarks>
/// In ASCII the rules come down to: a character belongs to a token when it is a letter or a digit,
/// an apostrophe or hyphen with a letter or digit on both sides, or a period or comma with a digit
/// on both sides; tokens are the maximal runs of such characters. (A joiner's neighbours are
/// letters or digits, so joiners never chain and every run starts and ends with one.) The scalar
/// scanner spends most of its time on branches that depend on the text (where a word ends, whether
/// a separator joins), which the predictor keeps missing; here classification is 16 characters a
/// vector step and the only data-dependent loop is one turn per token.
/// </remarks>
internal static class AsciiTokenMasks
{
    private const int StackWords = 32;

    /// <summary>Number of tokens in <paramref name="text"/>, which must be ASCII.</summary>
    public static int Count(ReadOnlySpan<char> text)
    {
        var words = WordsFor(text.Length);
        ulong[]? rented = null;
        var masks = words <= StackWords ? stackalloc ulong[words * 4] : (rented = ArrayPool<ulong>.Shared.Rent(words * 4)).AsSpan(0, words * 4);
        try
        {
            var inToken = InToken(text, masks, words);
            var count = 0;
            var previous = 0UL;
            foreach (var t in inToken)
            {
                count += BitOperations.PopCount(t & ~((t << 1) | (previous >> 63)));
                previous = t;
            }

            return count;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Writes each token's start and length to <paramref name="bounds"/> (two ints a token; at most
    /// <c>text.Length + 1</c> in all) and returns the number of tokens. <paramref name="text"/> must be ASCII.
    /// </summary>
    public static int Bounds(ReadOnlySpan<char> text, Span<int> bounds)
    {
        var words = WordsFor(text.Length);
        ulong[]? rented = null;
        var masks = words <= StackWords ? stackalloc ulong[words * 4] : (rented = ArrayPool<ulong>.Shared.Rent(words * 4)).AsSpan(0, words * 4);
        try
        {
            var inToken = InToken(text, masks, words);
            int starts = 0, ends = 0;
            for (var w = 0; w < inToken.Length; w++)
            {
                var t = inToken[w];
                var before = w > 0 ? inToken[w - 1] >> 63 : 0;
                var after = w + 1 < inToken.Length ? inToken[w + 1] << 63 : 0;

                // A token's start is always recorded before its end: starts of this word come first.
                for (var first = t & ~((t << 1) | before); first != 0; first &= first - 1)
                {
                    bounds[2 * starts++] = (w << 6) + BitOperations.TrailingZeroCount(first);
                }

                for (var last = t & ~((t >> 1) | after); last != 0; last &= last - 1)
                {
                    var end = (w << 6) + BitOperations.TrailingZeroCount(last) + 1;
                    bounds[(2 * ends) + 1] = end - bounds[2 * ends];
                    ends++;
                }
            }

            return starts;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    private static int WordsFor(int length) => Math.Max(1, (length + 63) >> 6);

    /// <summary>Bit i of the result is set when character i belongs to a token.</summary>
    /// <param name="masks">Scratch of 4 × <paramref name="words"/> 64-bit words; the result is one quarter of it.</param>
    private static Span<ulong> InToken(ReadOnlySpan<char> text, Span<ulong> masks, int words)
    {
        masks.Clear();
        var alnum = masks[..words];
        var digit = masks.Slice(words, words);
        var apostropheOrHyphen = masks.Slice(2 * words, words);
        var periodOrComma = masks.Slice(3 * words, words);
        Classify(text, alnum, digit, apostropheOrHyphen, periodOrComma);

        // A joiner's neighbours: bit i of (x << 1) is character i - 1, of (x >> 1) character i + 1.
        // Word w of the result only needs word w of apostropheOrHyphen, so it overwrites it.
        var inToken = apostropheOrHyphen;
        for (var w = 0; w < words; w++)
        {
            var a = alnum[w];
            var d = digit[w];
            var aBefore = (a << 1) | (w > 0 ? alnum[w - 1] >> 63 : 0);
            var aAfter = (a >> 1) | (w + 1 < words ? alnum[w + 1] << 63 : 0);
            var dBefore = (d << 1) | (w > 0 ? digit[w - 1] >> 63 : 0);
            var dAfter = (d >> 1) | (w + 1 < words ? digit[w + 1] << 63 : 0);
            inToken[w] = a | (apostropheOrHyphen[w] & aBefore & aAfter) | (periodOrComma[w] & dBefore & dAfter);
        }

        return inToken;
    }

    private static void Classify(ReadOnlySpan<char> text, Span<ulong> alnum, Span<ulong> digit, Span<ulong> apostropheOrHyphen, Span<ulong> periodOrComma)
    {
        var chars = MemoryMarshal.Cast<char, ushort>(text);
        var i = 0;
        for (; i + 16 <= chars.Length; i += 16)
        {
            // ASCII fits a byte, so 16 characters narrow into one vector without loss.
            var bytes = Vector128.Narrow(Vector128.Create(chars.Slice(i, 8)), Vector128.Create(chars.Slice(i + 8, 8)));
            var letters = Vector128.LessThanOrEqual((bytes | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)('z' - 'a')));
            var digits = Vector128.LessThanOrEqual(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
            var joinsLetters = Vector128.Equals(bytes, Vector128.Create((byte)'\'')) | Vector128.Equals(bytes, Vector128.Create((byte)'-'));
            var joinsDigits = Vector128.Equals(bytes, Vector128.Create((byte)'.')) | Vector128.Equals(bytes, Vector128.Create((byte)','));

            var w = i >> 6;
            var shift = i & 63;
            alnum[w] |= (ulong)(letters | digits).ExtractMostSignificantBits() << shift;
            digit[w] |= (ulong)digits.ExtractMostSignificantBits() << shift;
            apostropheOrHyphen[w] |= (ulong)joinsLetters.ExtractMostSignificantBits() << shift;
            periodOrComma[w] |= (ulong)joinsDigits.ExtractMostSignificantBits() << shift;
        }

        for (; i < chars.Length; i++)
        {
            var c = (char)chars[i];
            var bit = 1UL << (i & 63);
            var w = i >> 6;
            if (char.IsAsciiLetter(c) || char.IsAsciiDigit(c))
            {
                alnum[w] |= bit;
            }

            if (char.IsAsciiDigit(c))
            {
                digit[w] |= bit;
            }

            if (c is '\'' or '-')
            {
                apostropheOrHyphen[w] |= bit;
            }

            if (c is '.' or ',')
            {
                periodOrComma[w] |= bit;
            }
        }
    }
}
