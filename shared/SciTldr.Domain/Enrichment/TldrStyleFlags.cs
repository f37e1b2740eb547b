using SciTldr.Domain.Text;

namespace SciTldr.Domain.Enrichment;

/// <summary>
/// The <see cref="TldrStyle"/> of one TLDR: simple, documented surface tests (docs/enrichment.md),
/// so a reader can check any flag by eye.
/// </summary>
public static class TldrStyleFlags
{
    private static readonly string[] WeProposeOpenings = ["we propose", "we present", "we introduce"];

    private static readonly string[] ThisPaperOpenings = ["this paper", "in this paper", "this work"];

    private static readonly string[] StateOfTheArtWordsApart = ["state", "of", "the", "art"];

    private static readonly string[] OpenSourceApart = ["open", "source"];

    private static readonly string[] ImplementationIsAvailable = ["implementation", "is", "available"];

    /// <summary>Wire names in enum order, one per single-bit flag; stored as silver column names.</summary>
    private static readonly (TldrStyle Flag, string Name)[] WireNames =
    [
        (TldrStyle.FirstPerson, "first_person"),
        (TldrStyle.ContainsNumber, "contains_number"),
        (TldrStyle.StartsWithWePropose, "starts_with_we_propose"),
        (TldrStyle.StartsWithThisPaper, "starts_with_this_paper"),
        (TldrStyle.Question, "is_question"),
        (TldrStyle.ClaimsStateOfTheArt, "claims_state_of_the_art"),
        (TldrStyle.MentionsCode, "mentions_code"),
    ];

    private const int KnownBits = 7;

    /// <summary>All 128 answers of <see cref="Names"/>, built once so that no call allocates.</summary>
    private static readonly IReadOnlyList<string>[] NamesByFlags = BuildNames();

    /// <summary>Style flags of one TLDR from its normalized text and its tokens.</summary>
    /// <param name="normalizedText">The TLDR after normalization: decides the opening and the closing "?".</param>
    /// <param name="tokens">Its lower-cased word tokens: decide every other flag.</param>
    public static TldrStyle Of(string normalizedText, ReadOnlySpan<string> tokens) => Of(normalizedText, new StringTokens(tokens));

    /// <summary><see cref="Of(string, ReadOnlySpan{string})"/> for tokens of any form.</summary>
    internal static TldrStyle Of<TTokens>(string normalizedText, scoped TTokens tokens)
        where TTokens : ITokenSequence, allows ref struct
    {
        ArgumentNullException.ThrowIfNull(normalizedText);

        var style = TldrStyle.None;
        var text = normalizedText.AsSpan().Trim();
        if (StartsWithAny(text, WeProposeOpenings))
        {
            style |= TldrStyle.StartsWithWePropose;
        }

        if (StartsWithAny(text, ThisPaperOpenings))
        {
            style |= TldrStyle.StartsWithThisPaper;
        }

        if (text.EndsWith('?'))
        {
            style |= TldrStyle.Question;
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];

            // A switch on the word compiles to a test of its length and a character or two, so a
            // token that is none of these words costs next to nothing.
            switch (token)
            {
                case "we" or "our" or "us" or "i" or "my":
                    style |= TldrStyle.FirstPerson;
                    break;
                case "state-of-the-art" or "sota":
                    style |= TldrStyle.ClaimsStateOfTheArt;
                    break;
                case "code" or "github" or "open-source":
                    style |= TldrStyle.MentionsCode;
                    break;
                case "state" when StartsAt(tokens, i, StateOfTheArtWordsApart):
                    style |= TldrStyle.ClaimsStateOfTheArt;
                    break;
                case "open" when StartsAt(tokens, i, OpenSourceApart):
                case "implementation" when StartsAt(tokens, i, ImplementationIsAvailable):
                    style |= TldrStyle.MentionsCode;
                    break;
            }

            if (token.IndexOfAnyInRange('0', '9') >= 0)
            {
                style |= TldrStyle.ContainsNumber;
            }

            if (token.StartsWith("outperform", StringComparison.Ordinal))
            {
                style |= TldrStyle.ClaimsStateOfTheArt;
            }
        }

        return style;
    }

    /// <summary>Stable wire names, e.g. ["first_person","contains_number"], in enum order.</summary>
    /// <remarks>Bits outside the defined flags have no name and are left out.</remarks>
    public static IReadOnlyList<string> Names(TldrStyle flags) =>
        NamesByFlags[(int)flags & ((1 << KnownBits) - 1)];

    /// <summary>Case-insensitive, and only at a word boundary: "This workshop" is not "this work".</summary>
    private static bool StartsWithAny(ReadOnlySpan<char> text, string[] openings)
    {
        foreach (var opening in openings)
        {
            if (text.StartsWith(opening, StringComparison.OrdinalIgnoreCase)
                && (text.Length == opening.Length || !char.IsLetterOrDigit(text[opening.Length])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsAt<TTokens>(scoped TTokens tokens, int start, string[] words)
        where TTokens : ITokenSequence, allows ref struct
    {
        if (start + words.Length > tokens.Count)
        {
            return false;
        }

        for (var k = 0; k < words.Length; k++)
        {
            if (!tokens[start + k].SequenceEqual(words[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static IReadOnlyList<string>[] BuildNames()
    {
        var all = new IReadOnlyList<string>[1 << KnownBits];
        for (var flags = 0; flags < all.Length; flags++)
        {
            all[flags] = Array.AsReadOnly(WireNames
                .Where(w => ((TldrStyle)flags).HasFlag(w.Flag))
                .Select(w => w.Name)
                .ToArray());
        }

        return all;
    }
}
