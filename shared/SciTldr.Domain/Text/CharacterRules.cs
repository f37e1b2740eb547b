using System.Globalization;
using System.Text;

namespace SciTldr.Domain.Text;

/// <summary>
/// Rules 4 to 6 of the normalization in one pass over the characters: typographic quotes, dashes
/// and the ellipsis become ASCII; control and format characters go; every run of whitespace
/// becomes one space, none at either end.
/// </summary>
internal static class CharacterRules
{
    /// <summary>Applies the rules; returns <paramref name="text"/> itself when nothing changes.</summary>
    public static string Apply(string text)
    {
        var output = new CharBuffer(text.Length + 8);
        try
        {
            var substituted = false;
            var pendingSpace = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c is > ' ' and < '\u007F')
                {
                    Put(ref output, ref pendingSpace, c);
                    continue;
                }

                if (c == ' ')
                {
                    pendingSpace = true;
                    continue;
                }

                if (char.IsWhiteSpace(c))
                {
                    // \t \n \r, and \v \f U+0085 too: control characters that are Unicode White_Space separate words.
                    substituted = true;
                    pendingSpace = true;
                    continue;
                }

                if (c < ' ' || c == '\u007F')
                {
                    substituted = true;
                    continue;
                }

                if (char.IsSurrogate(c))
                {
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        if (Rune.GetUnicodeCategory(new Rune(c, text[i + 1])) == UnicodeCategory.Format)
                        {
                            substituted = true;
                        }
                        else
                        {
                            Put(ref output, ref pendingSpace, c);
                            output.Append(text[i + 1]);
                        }

                        i++;
                        continue;
                    }

                    // A lone surrogate is not text; U+FFFD keeps the place without breaking later steps.
                    substituted = true;
                    Put(ref output, ref pendingSpace, '\uFFFD');
                    continue;
                }

                var mapped = Typographic(c);
                if (mapped != '\0')
                {
                    substituted = true;
                    Put(ref output, ref pendingSpace, mapped);
                    if (c == '\u2026')
                    {
                        output.Append("..");
                    }

                    continue;
                }

                if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format)
                {
                    substituted = true;
                    continue;
                }

                Put(ref output, ref pendingSpace, c);
            }

            return !substituted && output.Length == text.Length ? text : output.ToString();
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>The ASCII stand-in of a typographic quote, dash or ellipsis (whose "..." starts with '.'); '\0' for any other character.</summary>
    internal static char Typographic(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
        '\u2026' => '.',
        _ => '\0',
    };

    private static void Put(ref CharBuffer output, ref bool pendingSpace, char c)
    {
        if (pendingSpace)
        {
            if (output.Length > 0)
            {
                output.Append(' ');
            }

            pendingSpace = false;
        }

        output.Append(c);
    }
}
