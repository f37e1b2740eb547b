using System.Collections.Frozen;
using SciTldr.Domain.Text;

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

    /// <summary>
    /// A Bloom filter (two bits a word, from its <see cref="WordKey"/>) of the words in
    /// <see cref="Lexicon"/>. Nearly every token starts no term; the filter rules those out for a
    /// fraction of the cost of the dictionary's own hashing, which reads the whole word.
    /// </summary>
    private static readonly ulong[] LexiconFilter;

    private const int FilterBitCount = 13;
    private const int FilterBits = 1 << FilterBitCount;

    [ThreadStatic]
    private static Lookups? t_lookups;

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
        LexiconFilter = new ulong[FilterBits / 64];
        foreach (var word in Lexicon.Keys)
        {
            var (first, second) = FilterBitsOf(WordKey.Of(word));
            LexiconFilter[first >> 6] |= 1UL << first;
            LexiconFilter[second >> 6] |= 1UL << second;
        }

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
        var sequence = new StringTokens(tokens);
        var mask = 0UL;
        for (var i = 0; i < sequence.Count; i++)
        {
            var token = sequence[i];
            var terms = LookUp(token);
            mask |= PartsMaskIfHyphenated(token, terms) | TermsMask(terms, sequence, i);
        }

        return Result(mask);
    }

    /// <summary>
    /// The areas of <see cref="Tag(ReadOnlySpan{string})"/>, as a mask for <see cref="Ids"/>, of
    /// tokens numbered by <paramref name="interner"/> (<paramref name="ids"/>): each distinct token
    /// is looked up once, all of them first, so that the pass over the tokens only gathers.
    /// </summary>
    internal static ulong Mask(TokenInterner interner, ReadOnlySpan<int> ids)
    {
        var lookups = t_lookups ??= new Lookups();
        var (termsOf, partsOf) = lookups.For(interner);
        var tokens = new InternedTokens(interner, ids);
        var mask = 0UL;
        for (var i = 0; i < ids.Length; i++)
        {
            var id = ids[i];
            mask |= partsOf[id] | TermsMask(termsOf[id], tokens, i);
        }

        return mask;
    }

    /// <summary>The area ids of a <see cref="Mask"/>, in <see cref="All"/> order.</summary>
    internal static IReadOnlyList<string> Ids(ulong mask) => Result(mask);

    /// <summary>The terms the lexicon starts with this word, or null; most words start none, which a filter tells cheaply.</summary>
    private static TermsStartingWith? LookUp(ReadOnlySpan<char> token) => LookUp(token, WordKey.Of(token));

    private static TermsStartingWith? LookUp(ReadOnlySpan<char> token, ulong key) =>
        MayStartTerm(key) && LexiconBySpan.TryGetValue(token, out var terms) ? terms : null;

    /// <summary>The areas of the word at <paramref name="i"/> by itself and of the multi-word terms it starts there.</summary>
    private static ulong TermsMask<TTokens>(TermsStartingWith? terms, scoped TTokens tokens, int i)
        where TTokens : ITokenSequence, allows ref struct
    {
        if (terms is null)
        {
            return 0;
        }

        var mask = terms.Alone;
        foreach (var term in terms.MultiWord)
        {
            if (term.MatchesAfter(tokens, i))
            {
                mask |= term.Areas;
            }
        }

        return mask;
    }

    /// <summary>The areas of a hyphenated token's parts, when the token itself names none on its own.</summary>
    private static ulong PartsMaskIfHyphenated(ReadOnlySpan<char> token, TermsStartingWith? terms)
    {
        if (terms is { Alone: not 0 })
        {
            return 0;
        }

        // A loop rather than a vectorized search: tokens are a few characters long.
        foreach (var c in token)
        {
            if (c == '-')
            {
                return PartsMask(token);
            }
        }

        return 0;
    }

    /// <summary>Per token id, what the lexicon says of the token; per thread, refilled for each call.</summary>
    private sealed class Lookups
    {
        private TermsStartingWith?[] terms = new TermsStartingWith?[256];
        private ulong[] parts = new ulong[256];

        public (TermsStartingWith?[] Terms, ulong[] Parts) For(TokenInterner interner)
        {
            var count = interner.Count;
            if (terms.Length < count)
            {
                terms = new TermsStartingWith?[Math.Max(count, terms.Length * 2)];
                parts = new ulong[terms.Length];
            }

            for (var id = 0; id < count; id++)
            {
                var token = interner[id];
                var found = LookUp(token, interner.WordKeyOf(id));
                terms[id] = found;
                parts[id] = PartsMaskIfHyphenated(token, found);
            }

            return (terms, parts);
        }
    }

    /// <summary>Tokens numbered by a <see cref="TokenInterner"/>, read through it.</summary>
    private readonly ref struct InternedTokens(TokenInterner interner, ReadOnlySpan<int> ids) : ITokenSequence
    {
        private readonly ReadOnlySpan<int> ids = ids;

        public int Count => ids.Length;

        public ReadOnlySpan<char> this[int index] => interner[ids[index]];
    }

    private static bool MayStartTerm(ulong key)
    {
        var (first, second) = FilterBitsOf(key);
        return (LexiconFilter[first >> 6] & (1UL << first)) != 0 && (LexiconFilter[second >> 6] & (1UL << second)) != 0;
    }

    private static (int First, int Second) FilterBitsOf(ulong key)
    {
        var mixed = WordKey.Mix(key);
        return ((int)(mixed >> (64 - FilterBitCount)), (int)(mixed >> (64 - (2 * FilterBitCount))) & (FilterBits - 1));
    }

    private static ulong PartsMask(ReadOnlySpan<char> token)
    {
        var mask = 0UL;
        foreach (var range in token.Split('-'))
        {
            if (LexiconBySpan.TryGetValue(token[range], out var terms))
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
        public bool MatchesAfter<TTokens>(scoped TTokens tokens, int first)
            where TTokens : ITokenSequence, allows ref struct
        {
            if (first + rest.Length >= tokens.Count)
            {
                return false;
            }

            for (var k = 0; k < rest.Length; k++)
            {
                if (!tokens[first + 1 + k].SequenceEqual(rest[k]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
