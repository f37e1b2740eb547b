using System.Collections.Frozen;

namespace SciTldr.Domain.Enrichment;

/// <summary>
/// Tags a paper with the machine-learning subfields whose lexicon terms occur in its tokens.
/// </summary>
/// <remarks>
/// A lexicon, not a classifier: a paper gets every area one of whose terms it mentions, so tags
/// are explainable ("it says <c>policy gradient</c>") and stable across runs. The lexicon is in
/// <see cref="ResearchAreaLexicon"/> and docs/enrichment.md.
/// </remarks>
public static class ResearchAreas
{
    /// <summary>Stored beside every output; bump on any change to an area or a term.</summary>
    public const string LexiconVersion = "2026.1";

    private static readonly ResearchArea[] Areas = ResearchAreaLexicon.Areas;

    /// <summary>
    /// Every word that starts a term, with the areas it signals on its own and the multi-word
    /// terms it starts, so each token costs one lookup. Area sets are bit masks over
    /// <see cref="All"/>'s positions.
    /// </summary>
    private static readonly FrozenDictionary<string, TermsStartingWith> Lexicon;

    private static readonly FrozenDictionary<string, TermsStartingWith>.AlternateLookup<ReadOnlySpan<char>> LexiconBySpan;

    /// <summary>Most papers get one area or none; their answers are shared rather than allocated.</summary>
    private static readonly IReadOnlyList<string>[] SingleAreaResults;

    static ResearchAreas()
    {
        if (Areas.Length > 64)
        {
            throw new InvalidOperationException("research areas are tracked in a 64-bit mask");
        }

        var single = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var multi = new Dictionary<string, List<MultiWordTerm>>(StringComparer.Ordinal);
        for (var a = 0; a < Areas.Length; a++)
        {
            var bit = 1UL << a;
            foreach (var term in Areas[a].Terms)
            {
                var words = term.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 1)
                {
                    single[term] = single.GetValueOrDefault(term) | bit;
                }
                else
                {
                    if (!multi.TryGetValue(words[0], out var list))
                    {
                        multi[words[0]] = list = [];
                    }

                    list.Add(new MultiWordTerm(words[1..], bit));
                }
            }
        }

        Lexicon = single.Keys.Union(multi.Keys).ToFrozenDictionary(
            word => word,
            word => new TermsStartingWith(
                single.GetValueOrDefault(word),
                multi.TryGetValue(word, out var terms) ? [.. terms] : []),
            StringComparer.Ordinal);
        LexiconBySpan = Lexicon.GetAlternateLookup<ReadOnlySpan<char>>();
        SingleAreaResults = Areas.Select(area => (IReadOnlyList<string>)Array.AsReadOnly([area.Id])).ToArray();
        All = Array.AsReadOnly(Areas);
    }

    /// <summary>Every area known to the lexicon (id → display name), in a fixed order.</summary>
    public static IReadOnlyList<ResearchArea> All { get; }

    /// <summary>Area ids whose lexicon terms occur in the tokens (single- and multi-word terms), in <see cref="All"/> order.</summary>
    /// <param name="tokens">Lower-cased word tokens; punctuation already removed.</param>
    /// <remarks>
    /// A hyphenated token that is not itself a term also matches through its parts, so
    /// <c>gan-based</c> counts as <c>gan</c> and <c>multi-agent</c> as <c>agent</c>.
    /// </remarks>
    public static IReadOnlyList<string> Tag(ReadOnlySpan<string> tokens)
    {
        var mask = 0UL;
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (Lexicon.TryGetValue(token, out var terms))
            {
                mask |= terms.Alone;
                foreach (var term in terms.MultiWord)
                {
                    if (term.MatchesAfter(tokens, i))
                    {
                        mask |= term.Areas;
                    }
                }
            }

            if ((terms is null || terms.Alone == 0) && token.Contains('-', StringComparison.Ordinal))
            {
                mask |= PartsMask(token);
            }
        }

        return Result(mask);
    }

    private static ulong PartsMask(string token)
    {
        var mask = 0UL;
        foreach (var range in token.AsSpan().Split('-'))
        {
            if (LexiconBySpan.TryGetValue(token.AsSpan()[range], out var terms))
            {
                mask |= terms.Alone;
            }
        }

        return mask;
    }

    private static IReadOnlyList<string> Result(ulong mask)
    {
        if (mask == 0)
        {
            return [];
        }

        var count = System.Numerics.BitOperations.PopCount(mask);
        if (count == 1)
        {
            return SingleAreaResults[System.Numerics.BitOperations.TrailingZeroCount(mask)];
        }

        var ids = new string[count];
        var at = 0;
        for (var rest = mask; rest != 0; rest &= rest - 1)
        {
            ids[at++] = Areas[System.Numerics.BitOperations.TrailingZeroCount(rest)].Id;
        }

        return ids;
    }

    /// <param name="Alone">Areas of the word as a term by itself (0 when it only starts longer terms).</param>
    /// <param name="MultiWord">Longer terms that start with the word.</param>
    private sealed record TermsStartingWith(ulong Alone, MultiWordTerm[] MultiWord);

    private sealed class MultiWordTerm(string[] rest, ulong areas)
    {
        public ulong Areas { get; } = areas;

        /// <summary>True when the words after position <paramref name="first"/> are this term's other words.</summary>
        public bool MatchesAfter(ReadOnlySpan<string> tokens, int first)
        {
            if (first + rest.Length >= tokens.Length)
            {
                return false;
            }

            for (var k = 0; k < rest.Length; k++)
            {
                if (!string.Equals(tokens[first + 1 + k], rest[k], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
