using System.Numerics;

namespace SciTldr.Domain.Metrics;

/// <summary>
/// A candidate and a reference rewritten as small integers: each distinct candidate token is a
/// symbol 0 .. <see cref="Distinct"/> - 1, and each reference token is the symbol of the equal
/// candidate token, or -1 when the candidate lacks it. Every metric here works on these integers,
/// so tokens are hashed and compared as strings once per pair, not once per metric or n-gram.
/// </summary>
/// <remarks>
/// One instance per thread remembers the last pair by the identity of its token objects: strings
/// are immutable, so the same objects in the same order are the same text, and the usual caller
/// asks for several metrics of one TLDR against one abstract in a row (and for the next TLDR of
/// the same abstract, whose hashes are kept). Other tokens are simply aligned afresh, so results
/// never depend on what was asked before. The instance also lends scratch memory to the metrics;
/// nothing here allocates once its arrays have grown to the largest input seen.
/// <para>
/// Tokens already numbered by a <see cref="Text.TokenInterner"/> skip the strings altogether:
/// <see cref="OfIds"/> aligns them by id.
/// </para>
/// </remarks>
internal sealed class TokenAlignment
{
    [ThreadStatic]
    private static TokenAlignment? perThread;

    private string[] candidateTokens = [];
    private string[] referenceTokens = [];
    private int[] referenceHashes = [];
    private int[] candidateSymbols = [];
    private int[] referenceSymbols = [];
    private int[] candidateCounts = [];

    // Open-addressing table from token to symbol: slot holds symbol + 1 (0 = empty) and its hash.
    private int[] slots = [];
    private int[] slotHashes = [];
    private int[] symbolFirstToken = [];
    private int slotShift;
    private int slotMask;

    // Per token id, the symbol of the candidate token with that id or -1 (OfIds).
    private int[] symbolOfId = [];

    // Positions of the reference tokens the candidate has, ascending.
    private int[] matchPositions = [];
    private int matchCount;

    private int candidateLength = -1;
    private int referenceLength = -1;

    // False while an update is under way, so one cut short by an exception is never reused.
    private bool consistent;

    private TokenAlignment()
    {
    }

    public int CandidateLength => candidateLength;

    public int ReferenceLength => referenceLength;

    /// <summary>Number of distinct candidate tokens.</summary>
    public int Distinct { get; private set; }

    public ReadOnlySpan<int> CandidateSymbols => candidateSymbols.AsSpan(0, candidateLength);

    /// <summary>Symbol of each reference token, -1 where the candidate has no equal token.</summary>
    public ReadOnlySpan<int> ReferenceSymbols => referenceSymbols.AsSpan(0, referenceLength);

    /// <summary>
    /// Positions of the reference tokens that have a symbol, in order: usually a third of the
    /// reference, and all that a metric needs to read, since the others match nothing.
    /// </summary>
    public ReadOnlySpan<int> MatchPositions => matchPositions.AsSpan(0, matchCount);

    /// <summary>How often each symbol occurs in the candidate.</summary>
    public ReadOnlySpan<int> CandidateCounts => candidateCounts.AsSpan(0, Distinct);

    /// <summary>Reusable working memory for the metrics computed from this alignment.</summary>
    public MetricScratch Scratch { get; } = new();

    public static TokenAlignment Of(ReadOnlySpan<string> candidate, ReadOnlySpan<string> reference)
    {
        var alignment = perThread ??= new TokenAlignment();
        var sameCandidate = alignment.consistent && SameTokens(candidate, alignment.candidateTokens, alignment.candidateLength);
        var sameReference = alignment.consistent && SameTokens(reference, alignment.referenceTokens, alignment.referenceLength);
        if (sameCandidate && sameReference)
        {
            return alignment;
        }

        alignment.consistent = false;

        if (!sameReference)
        {
            alignment.BeginReference(reference.Length);
            alignment.AppendReference(reference, 0);
        }

        alignment.Realign(candidate, sameCandidate);
        alignment.consistent = true;
        return alignment;
    }

    /// <summary>The alignment of the candidate against the sentences read one after another.</summary>
    public static TokenAlignment Of(ReadOnlySpan<string> candidate, IReadOnlyList<string[]> sentences)
    {
        var alignment = perThread ??= new TokenAlignment();
        var sameCandidate = alignment.consistent && SameTokens(candidate, alignment.candidateTokens, alignment.candidateLength);
        var sameReference = alignment.consistent && SameSentences(sentences, alignment.referenceTokens, alignment.referenceLength);
        if (sameCandidate && sameReference)
        {
            return alignment;
        }

        alignment.consistent = false;

        if (!sameReference)
        {
            var total = 0;
            for (var i = 0; i < sentences.Count; i++)
            {
                total += SentenceAt(sentences, i).Length;
            }

            alignment.BeginReference(total);
            var offset = 0;
            for (var i = 0; i < sentences.Count; i++)
            {
                var sentence = SentenceAt(sentences, i);
                alignment.AppendReference(sentence, offset);
                offset += sentence.Length;
            }
        }

        alignment.Realign(candidate, sameCandidate);
        alignment.consistent = true;
        return alignment;
    }

    /// <summary>
    /// The alignment of a candidate and a reference given as token ids of one numbering, below
    /// <paramref name="idCount"/>: equal ids are equal tokens. Symbols are numbered as
    /// <see cref="Of(ReadOnlySpan{string}, ReadOnlySpan{string})"/> numbers them, so every metric
    /// comes out the same; no string is read.
    /// </summary>
    public static TokenAlignment OfIds(ReadOnlySpan<int> candidate, ReadOnlySpan<int> reference, int idCount)
    {
        var alignment = perThread ??= new TokenAlignment();

        // What follows is not the alignment of the remembered token objects: forget them (they are
        // already forgotten when the last alignment was by id too).
        if (alignment.consistent)
        {
            alignment.consistent = false;
            alignment.candidateTokens.AsSpan(0, alignment.candidateLength).Clear();
            alignment.referenceTokens.AsSpan(0, alignment.referenceLength).Clear();
        }

        var m = candidate.Length;
        Grow(ref alignment.candidateSymbols, m);
        Grow(ref alignment.candidateCounts, m);
        Grow(ref alignment.symbolOfId, idCount);
        var symbolOf = alignment.symbolOfId.AsSpan(0, idCount);
        symbolOf.Fill(-1);

        var distinct = 0;
        for (var i = 0; i < m; i++)
        {
            var symbol = symbolOf[candidate[i]];
            if (symbol < 0)
            {
                symbol = distinct++;
                symbolOf[candidate[i]] = symbol;
                alignment.candidateCounts[symbol] = 0;
            }

            alignment.candidateSymbols[i] = symbol;
            alignment.candidateCounts[symbol]++;
        }

        alignment.Distinct = distinct;
        alignment.candidateLength = m;

        var n = reference.Length;
        Grow(ref alignment.referenceSymbols, n);
        Grow(ref alignment.matchPositions, n);
        alignment.referenceLength = n;
        var symbols = alignment.referenceSymbols.AsSpan(0, n);
        for (var j = 0; j < n; j++)
        {
            symbols[j] = symbolOf[reference[j]];
        }

        alignment.FindMatches();
        return alignment;
    }

    /// <summary>A sentence of the list, with a missing one read as empty.</summary>
    public static string[] SentenceAt(IReadOnlyList<string[]> sentences, int index) => sentences[index] ?? [];

    private static bool SameTokens(ReadOnlySpan<string> tokens, string[] stored, int storedLength) =>
        tokens.Length == storedLength && SameObjects(tokens, stored.AsSpan(0, storedLength));

    private static bool SameSentences(IReadOnlyList<string[]> sentences, string[] stored, int storedLength)
    {
        if (storedLength < 0)
        {
            return false;
        }

        var offset = 0;
        for (var i = 0; i < sentences.Count; i++)
        {
            var sentence = SentenceAt(sentences, i);
            if (sentence.Length > storedLength - offset || !SameObjects(sentence, stored.AsSpan(offset, sentence.Length)))
            {
                return false;
            }

            offset += sentence.Length;
        }

        return offset == storedLength;
    }

    private static bool SameObjects(ReadOnlySpan<string> tokens, ReadOnlySpan<string> stored)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!ReferenceEquals(tokens[i], stored[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, array.Length * 2)];
        }
    }

    private void BeginReference(int length)
    {
        Grow(ref referenceTokens, length);
        Grow(ref referenceHashes, length);
        Grow(ref referenceSymbols, length);

        // Forget tokens of a longer previous reference rather than keep them alive.
        var stored = Math.Min(referenceLength, referenceTokens.Length);
        if (stored > length)
        {
            referenceTokens.AsSpan(length, stored - length).Clear();
        }

        referenceLength = length;
    }

    private void AppendReference(ReadOnlySpan<string> tokens, int offset)
    {
        tokens.CopyTo(referenceTokens.AsSpan(offset));
        TokenHash.Fill(tokens, referenceHashes.AsSpan(offset, tokens.Length));
    }

    private void Realign(ReadOnlySpan<string> candidate, bool sameCandidate)
    {
        if (!sameCandidate)
        {
            IndexCandidate(candidate);
        }

        var tokens = referenceTokens.AsSpan(0, referenceLength);
        var hashes = referenceHashes.AsSpan(0, referenceLength);
        var symbols = referenceSymbols.AsSpan(0, referenceLength);
        var table = slots.AsSpan(0, slotMask + 1);
        var tableHashes = slotHashes.AsSpan(0, slotMask + 1);
        for (var j = 0; j < tokens.Length; j++)
        {
            var hash = hashes[j];
            var symbol = -1;
            for (var slot = SlotOf(hash); table[slot] != 0; slot = (slot + 1) & slotMask)
            {
                if (tableHashes[slot] == hash && string.Equals(candidateTokens[symbolFirstToken[table[slot] - 1]], tokens[j]))
                {
                    symbol = table[slot] - 1;
                    break;
                }
            }

            symbols[j] = symbol;
        }

        FindMatches();
    }

    private void FindMatches()
    {
        // Branch-free: every position is written, and the count moves on only past a match.
        Grow(ref matchPositions, referenceLength);
        var symbols = referenceSymbols.AsSpan(0, referenceLength);
        var positions = matchPositions.AsSpan(0, referenceLength);
        var matches = 0;
        for (var j = 0; j < symbols.Length; j++)
        {
            positions[matches] = j;
            matches += (int)((uint)~symbols[j] >> 31);
        }

        matchCount = matches;
    }

    private void IndexCandidate(ReadOnlySpan<string> candidate)
    {
        var m = candidate.Length;
        Grow(ref candidateTokens, m);
        Grow(ref candidateSymbols, m);
        Grow(ref candidateCounts, m);
        Grow(ref symbolFirstToken, m);
        candidate.CopyTo(candidateTokens);
        var stored = Math.Min(candidateLength, candidateTokens.Length);
        if (stored > m)
        {
            candidateTokens.AsSpan(m, stored - m).Clear();
        }

        candidateLength = m;

        // A sparse table (at most 1/4 full) so that a reference token absent from the candidate
        // almost always lands on an empty slot: one predictable branch per token.
        var slotCount = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, m * 4));
        Grow(ref slots, slotCount);
        Grow(ref slotHashes, slotCount);
        slots.AsSpan(0, slotCount).Clear();
        slotMask = slotCount - 1;
        slotShift = 32 - BitOperations.Log2((uint)slotCount);

        Distinct = 0;
        for (var i = 0; i < m; i++)
        {
            var token = candidate[i];
            var hash = TokenHash.Of(token);
            var slot = SlotOf(hash);
            var symbol = -1;
            for (; slots[slot] != 0; slot = (slot + 1) & slotMask)
            {
                var existing = slots[slot] - 1;
                if (slotHashes[slot] == hash && string.Equals(candidateTokens[symbolFirstToken[existing]], token))
                {
                    symbol = existing;
                    break;
                }
            }

            if (symbol < 0)
            {
                symbol = Distinct++;
                symbolFirstToken[symbol] = i;
                candidateCounts[symbol] = 0;
                slots[slot] = symbol + 1;
                slotHashes[slot] = hash;
            }

            candidateSymbols[i] = symbol;
            candidateCounts[symbol]++;
        }
    }

    // Fibonacci hashing: the top bits of the product, so similar hashes do not share slots.
    private int SlotOf(int hash) => (int)(((uint)hash * 0x9E3779B1u) >> slotShift);
}
