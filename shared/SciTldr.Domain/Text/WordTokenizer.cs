using System.Buffers;
using System.Globalization;
using System.Text;

namespace SciTldr.Domain.Text;

/// <summary>
/// The project's one tokenizer, shared by every text feature (ROUGE, n-grams, oracle, keyphrases,
/// counts); see docs/normalization.md. Its input is normalized text. A token is a maximal run of
/// letters and digits (<see cref="char.IsLetterOrDigit(char)"/>; a combining mark stays with the
/// token it follows), lower-cased invariantly. An apostrophe or hyphen between two such characters
/// stays inside the token (<c>don't</c>, <c>state-of-the-art</c>), and so does a period or comma
/// between two digits (<c>3.5</c>, <c>1,000</c>); everything else separates tokens and is dropped.
/// A surrogate pair is one character: it is never split.
/// </summary>
public static class WordTokenizer
{
    /// <summary>The lower-cased tokens of <paramref name="normalizedText"/>, in order.</summary>
    public static string[] Tokenize(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);

        // One scan records where the tokens are (there are at most half as many as characters, plus one).
        var bounds = ArrayPool<int>.Shared.Rent(normalizedText.Length + 2);
        var lower = ArrayPool<char>.Shared.Rent(normalizedText.Length);
        try
        {
            var count = Bounds(normalizedText, bounds);
            if (count == 0)
            {
                return [];
            }

            // Lower-casing the whole text and cutting the tokens from it is lower-casing each token:
            // no token boundary splits a surrogate pair.
            InvariantCase.ToLower(normalizedText, lower);
            var tokens = new string[count];
            for (var t = 0; t < tokens.Length; t++)
            {
                tokens[t] = new string(lower, bounds[2 * t], bounds[(2 * t) + 1]);
            }

            return tokens;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(lower);
            ArrayPool<int>.Shared.Return(bounds);
        }
    }

    /// <summary>How many tokens <see cref="Tokenize"/> would return, without allocating.</summary>
    public static int Count(ReadOnlySpan<char> normalizedText)
    {
        if (Ascii.IsValid(normalizedText))
        {
            return AsciiTokenMasks.Count(normalizedText);
        }

        var count = 0;
        var position = 0;
        while (NextToken(normalizedText, ref position, out _, out _))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Writes the start and length of each token to <paramref name="bounds"/> (at most
    /// <c>normalizedText.Length + 1</c> ints in all) and returns the number of tokens.
    /// </summary>
    internal static int Bounds(ReadOnlySpan<char> normalizedText, Span<int> bounds)
    {
        if (Ascii.IsValid(normalizedText))
        {
            return AsciiTokenMasks.Bounds(normalizedText, bounds);
        }

        var count = 0;
        var position = 0;
        while (NextToken(normalizedText, ref position, out var start, out var length))
        {
            bounds[2 * count] = start;
            bounds[(2 * count) + 1] = length;
            count++;
        }

        return count;
    }

    /// <summary>Finds the next token at or after <paramref name="position"/> and moves past it.</summary>
    private static bool NextToken(ReadOnlySpan<char> text, ref int position, out int start, out int length)
    {
        var kinds = AsciiKinds;
        var i = position;
        var kind = CharKind.Separator;
        var width = 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 0x80)
            {
                kind = (CharKind)kinds[c];
                width = 1;
            }
            else
            {
                kind = Classify(text, i, out width);
            }

            if (kind is CharKind.Letter or CharKind.Digit)
            {
                break;
            }

            i += width;
        }

        if (i >= text.Length)
        {
            position = text.Length;
            start = length = 0;
            return false;
        }

        start = i;
        var previous = kind;
        i += width;
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 0x80)
            {
                kind = (CharKind)kinds[c];
                width = 1;
            }
            else
            {
                kind = Classify(text, i, out width);
            }

            if (kind != CharKind.Separator)
            {
                previous = kind;
                i += width;
                continue;
            }

            if (c is '\'' or '-' or '.' or ',' && i + 1 < text.Length)
            {
                var following = Classify(text, i + 1, out _);
                var joins = c is '\'' or '-'
                    ? following is CharKind.Letter or CharKind.Digit
                    : previous == CharKind.Digit && following == CharKind.Digit;
                if (joins)
                {
                    i++;
                    continue;
                }
            }

            break;
        }

        position = i;
        length = i - start;
        return true;
    }

    private enum CharKind : byte
    {
        Separator = 0,
        Letter = 1,
        Digit = 2,
        Mark = 3,
    }

    /// <summary><see cref="CharKind"/> of each ASCII character: digits 2, letters 1, the rest 0.</summary>
    private static ReadOnlySpan<byte> AsciiKinds =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    ];

    private static CharKind Classify(ReadOnlySpan<char> text, int i, out int width)
    {
        var c = text[i];
        width = 1;
        if (c < 0x80)
        {
            return (CharKind)AsciiKinds[c];
        }

        UnicodeCategory category;
        if (char.IsSurrogate(c))
        {
            if (!char.IsHighSurrogate(c) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return CharKind.Separator;
            }

            width = 2;
            category = Rune.GetUnicodeCategory(new Rune(c, text[i + 1]));
        }
        else
        {
            category = CharUnicodeInfo.GetUnicodeCategory(c);
        }

        return category switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharKind.Letter,
            UnicodeCategory.DecimalDigitNumber => CharKind.Digit,
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => CharKind.Mark,
            _ => CharKind.Separator,
        };
    }
}
