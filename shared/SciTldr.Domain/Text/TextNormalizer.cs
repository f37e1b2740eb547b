using System.Buffers;
using System.Net;
using System.Text;

namespace SciTldr.Domain.Text;

/// <summary>
/// The project's text normalization (docs/normalization.md): HTML entities decoded; LaTeX remnants
/// made readable (abstracts only); Unicode NFKC; typographic quotes, dashes and the ellipsis mapped to
/// ASCII; control and format characters removed; whitespace collapsed and trimmed. It never throws.
/// Text that needs none of it, the common case, is returned as it is, without copying.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Stored beside the outputs; bump when a rule changes.</summary>
    public const string Version = "1";

    /// <summary>The Unicode version of the NFKC tables (a new one is a rule change).</summary>
    public const string UnicodeVersion = UnicodeNfkcData.UnicodeVersion;

    /// <summary>Printable ASCII outside these (and spaces) needs no work in a TLDR or title.</summary>
    private static readonly SearchValues<char> Special = SearchValues.Create("&" + ControlCharacters);

    /// <summary>The same for an abstract sentence, where a backslash or dollar may be LaTeX.</summary>
    private static readonly SearchValues<char> AbstractSpecial = SearchValues.Create("&\\$" + ControlCharacters);

    private const string ControlCharacters =
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F";

    /// <summary>Normalizes a TLDR or a title: every rule except the LaTeX ones. Null gives "".</summary>
    public static string Normalize(string? text) => Run(text, latex: false);

    /// <summary>Normalizes an abstract sentence: every rule, the LaTeX ones included. Null gives "".</summary>
    public static string NormalizeAbstract(string? text) => Run(text, latex: true);

    private static string Run(string? text, bool latex)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (IsClean(text, latex ? AbstractSpecial : Special))
        {
            return text;
        }

        if (text.Contains('&', StringComparison.Ordinal))
        {
            // One pass: "&amp;lt;" becomes "&lt;", not "<".
            text = WebUtility.HtmlDecode(text);
        }

        if (latex && LatexConverter.Applies(text))
        {
            text = LatexConverter.Convert(text);
        }

        if (Ascii.IsValid(text))
        {
            return CharacterRules.Apply(text);
        }

        // Rules 4 and 5 also run before NFKC: it would read ″ as two primes, and it composes a
        // letter with its accent only once a zero-width character between them has gone. The
        // loop ends in a text that every rule leaves as it is, so normalizing again changes nothing.
        for (var round = 0; round < 4; round++)
        {
            text = CharacterRules.Apply(text);
            if (UnicodeNfkc.IsQuickNormalized(text))
            {
                return text;
            }

            var composed = UnicodeNfkc.Normalize(text);
            if (ReferenceEquals(composed, text))
            {
                return text;
            }

            text = composed;
        }

        return CharacterRules.Apply(text);
    }

    /// <summary>Printable ASCII with no special character, single spaces and none at the ends.</summary>
    private static bool IsClean(string text, SearchValues<char> special)
    {
        var span = text.AsSpan();
        return span[0] != ' '
            && span[^1] != ' '
            && Ascii.IsValid(span)
            && !span.ContainsAny(special)
            && !span.Contains("  ", StringComparison.Ordinal);
    }
}
