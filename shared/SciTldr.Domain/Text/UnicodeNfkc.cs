using System.Buffers;
using System.Globalization;
using System.Text;

namespace SciTldr.Domain.Text;

/// <summary>
/// Unicode Normalization Form KC (UAX #15) in managed code, from the tables in
/// <see cref="UnicodeNfkcData"/>. <see cref="string.Normalize(NormalizationForm)"/> cannot be used:
/// the platform runs with <c>InvariantGlobalization</c>, where it silently returns its input for
/// anything but ASCII. Owning the tables also fixes the Unicode version of the output, whatever
/// ICU a host has. Lone surrogates pass through unchanged (they are never combined).
/// </summary>
internal static class UnicodeNfkc
{
    private const int HangulSBase = 0xAC00;
    private const int HangulLBase = 0x1100;
    private const int HangulVBase = 0x1161;
    private const int HangulTBase = 0x11A7;
    private const int HangulLCount = 19;
    private const int HangulVCount = 21;
    private const int HangulTCount = 28;
    private const int HangulNCount = HangulVCount * HangulTCount;
    private const int HangulSCount = HangulLCount * HangulNCount;

    /// <summary>
    /// True when <paramref name="text"/> is certainly in NFKC (the UAX #15 quick check answers Yes);
    /// false when it may not be, and <see cref="Normalize"/> has to decide.
    /// </summary>
    public static bool IsQuickNormalized(ReadOnlySpan<char> text)
    {
        var lastClass = 0;
        for (var i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (codePoint < 0x80)
            {
                lastClass = 0;
                continue;
            }

            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            if (Tables.IsQuickCheckNoOrMaybe(codePoint))
            {
                return false;
            }

            var combiningClass = Tables.CombiningClass(codePoint);
            if (combiningClass != 0 && lastClass > combiningClass)
            {
                return false;
            }

            lastClass = combiningClass;
        }

        return true;
    }

    /// <summary>The NFKC form of <paramref name="text"/>; the same instance when it is already in NFKC.</summary>
    public static string Normalize(string text)
    {
        if (IsQuickNormalized(text))
        {
            return text;
        }

        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var codePoint = ReadCodePoint(text, ref i);
            length += codePoint is >= HangulSBase and < HangulSBase + HangulSCount ? 3
                : Tables.Decompositions.TryGetValue(codePoint, out var parts) ? parts.Length : 1;
        }

        var buffer = ArrayPool<int>.Shared.Rent(length);
        try
        {
            var decomposed = Decompose(text, buffer);
            ReorderCanonically(buffer.AsSpan(0, decomposed));
            var composed = Compose(buffer.AsSpan(0, decomposed));
            return Encode(text, buffer.AsSpan(0, composed));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }

    private static int ReadCodePoint(string text, ref int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            i++;
            return char.ConvertToUtf32(c, text[i]);
        }

        return c;
    }

    private static int Decompose(string text, int[] output)
    {
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var codePoint = ReadCodePoint(text, ref i);
            if (codePoint is >= HangulSBase and < HangulSBase + HangulSCount)
            {
                var index = codePoint - HangulSBase;
                output[length++] = HangulLBase + (index / HangulNCount);
                output[length++] = HangulVBase + (index % HangulNCount / HangulTCount);
                if (index % HangulTCount != 0)
                {
                    output[length++] = HangulTBase + (index % HangulTCount);
                }
            }
            else if (Tables.Decompositions.TryGetValue(codePoint, out var parts))
            {
                parts.CopyTo(output, length);
                length += parts.Length;
            }
            else
            {
                output[length++] = codePoint;
            }
        }

        return length;
    }

    /// <summary>Stable sort of each run of non-starters by combining class.</summary>
    private static void ReorderCanonically(Span<int> codePoints)
    {
        for (var i = 1; i < codePoints.Length; i++)
        {
            var codePoint = codePoints[i];
            var combiningClass = Tables.CombiningClass(codePoint);
            if (combiningClass == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && Tables.CombiningClass(codePoints[j - 1]) > combiningClass)
            {
                codePoints[j] = codePoints[j - 1];
                j--;
            }

            codePoints[j] = codePoint;
        }
    }

    /// <summary>The canonical composition algorithm of UAX #15; returns the new length.</summary>
    private static int Compose(Span<int> codePoints)
    {
        if (codePoints.Length == 0)
        {
            return 0;
        }

        var starterIndex = 0;
        var starter = codePoints[0];
        var lastClass = Tables.CombiningClass(starter);
        if (lastClass != 0)
        {
            lastClass = 256; // a leading non-starter blocks everything after it
        }

        var written = 1;
        for (var i = 1; i < codePoints.Length; i++)
        {
            var codePoint = codePoints[i];
            var combiningClass = Tables.CombiningClass(codePoint);
            var composite = ComposePair(starter, codePoint);
            if (composite >= 0 && (lastClass < combiningClass || lastClass == 0))
            {
                codePoints[starterIndex] = composite;
                starter = composite;
                continue;
            }

            if (combiningClass == 0)
            {
                starterIndex = written;
                starter = codePoint;
            }

            lastClass = combiningClass;
            codePoints[written++] = codePoint;
        }

        return written;
    }

    private static int ComposePair(int first, int second)
    {
        if (first is >= HangulLBase and < HangulLBase + HangulLCount && second is >= HangulVBase and < HangulVBase + HangulVCount)
        {
            return HangulSBase + ((((first - HangulLBase) * HangulVCount) + (second - HangulVBase)) * HangulTCount);
        }

        if (first is >= HangulSBase and < HangulSBase + HangulSCount && (first - HangulSBase) % HangulTCount == 0
            && second is > HangulTBase and < HangulTBase + HangulTCount)
        {
            return first + (second - HangulTBase);
        }

        return Tables.Compositions.TryGetValue(((long)first << 21) | (uint)second, out var composite) ? composite : -1;
    }

    private static string Encode(string original, ReadOnlySpan<int> codePoints)
    {
        var output = new CharBuffer(codePoints.Length + 8);
        try
        {
            Span<char> pair = stackalloc char[2];
            foreach (var codePoint in codePoints)
            {
                if (codePoint < 0x10000)
                {
                    output.Append((char)codePoint);
                }
                else
                {
                    var written = new Rune(codePoint).EncodeToUtf16(pair);
                    output.Append(pair[..written]);
                }
            }

            return output.Written.SequenceEqual(original) ? original : output.ToString();
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>The tables, parsed on first use: text that is ASCII never needs them.</summary>
    private static class Tables
    {
        private static readonly byte[] BmpCombiningClasses = new byte[0x10000];
        private static readonly Dictionary<int, byte> SupplementaryCombiningClasses = [];
        private static readonly ulong[] BmpQuickCheck = new ulong[0x10000 / 64];
        private static readonly List<(int First, int Last)> SupplementaryQuickCheck = [];

        public static readonly Dictionary<int, int[]> Decompositions = [];
        public static readonly Dictionary<long, int> Compositions = [];

        static Tables()
        {
            foreach (var item in Items(UnicodeNfkcData.CombiningClasses))
            {
                var colon = item.IndexOf(':', StringComparison.Ordinal);
                var (first, last) = Range(item[..colon]);
                var combiningClass = byte.Parse(item[(colon + 1)..], CultureInfo.InvariantCulture);
                for (var codePoint = first; codePoint <= last; codePoint++)
                {
                    if (codePoint < 0x10000)
                    {
                        BmpCombiningClasses[codePoint] = combiningClass;
                    }
                    else
                    {
                        SupplementaryCombiningClasses[codePoint] = combiningClass;
                    }
                }
            }

            foreach (var item in Items(UnicodeNfkcData.QuickCheckNoOrMaybe))
            {
                var (first, last) = Range(item);
                for (var codePoint = first; codePoint <= Math.Min(last, 0xFFFF); codePoint++)
                {
                    BmpQuickCheck[codePoint >> 6] |= 1UL << (codePoint & 63);
                }

                if (last >= 0x10000)
                {
                    SupplementaryQuickCheck.Add((Math.Max(first, 0x10000), last));
                }
            }

            foreach (var item in Items(UnicodeNfkcData.Decompositions))
            {
                var equals = item.IndexOf('=', StringComparison.Ordinal);
                var parts = item[(equals + 1)..].Split(' ');
                Decompositions[Hex(item[..equals])] = Array.ConvertAll(parts, Hex);
            }

            foreach (var item in Items(UnicodeNfkcData.Compositions))
            {
                var space = item.IndexOf(' ', StringComparison.Ordinal);
                var equals = item.IndexOf('=', StringComparison.Ordinal);
                var key = ((long)Hex(item[..space]) << 21) | (uint)Hex(item[(space + 1)..equals]);
                Compositions[key] = Hex(item[(equals + 1)..]);
            }
        }

        public static int CombiningClass(int codePoint) =>
            codePoint < 0x10000 ? BmpCombiningClasses[codePoint]
            : SupplementaryCombiningClasses.TryGetValue(codePoint, out var combiningClass) ? combiningClass : 0;

        public static bool IsQuickCheckNoOrMaybe(int codePoint)
        {
            if (codePoint < 0x10000)
            {
                return (BmpQuickCheck[codePoint >> 6] & (1UL << (codePoint & 63))) != 0;
            }

            foreach (var (first, last) in SupplementaryQuickCheck)
            {
                if (codePoint >= first && codePoint <= last)
                {
                    return true;
                }
            }

            return false;
        }

        private static IEnumerable<string> Items(string table) =>
            table.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        private static (int First, int Last) Range(string item)
        {
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            return dash < 0 ? (Hex(item), Hex(item)) : (Hex(item[..dash]), Hex(item[(dash + 1)..]));
        }

        private static int Hex(string digits) => int.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
