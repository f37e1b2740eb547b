using System.Buffers;
using SciTldr.Domain.Text;

namespace SciTldr.Domain.Enrichment;

/// <summary>
/// Keyphrases of one document by RAKE (Rose et al. 2010, "Automatic keyword extraction from
/// individual documents"): candidates are the runs of content words between stopwords and
/// punctuation, and a phrase scores the sum of its words' degree/frequency.
/// </summary>
/// <remarks>
/// Runs once per paper on the transformation's hot path, so it keeps its scratch arrays per thread
/// and allocates only the returned strings. See docs/enrichment.md for the exact rules. A paper's
/// text goes through <see cref="KeyphraseWords"/> instead, which reads the words off the tokens
/// the paper was tokenized into; both give the same phrases.
/// </remarks>
public static class Keyphrases
{
    /// <summary>Stored beside every output; bump when the splitting, the stopwords or the scoring change.</summary>
    public const string Method = "rake-1";

    /// <summary>Longer candidates are dropped, as RAKE does: they are clauses rather than phrases.</summary>
    public const int MaxPhraseWords = 4;

    [ThreadStatic]
    private static Workspace? _workspace;

    /// <summary>Up to <paramref name="max"/> keyphrases of one document (title + abstract), best first, lower-cased, deduplicated.</summary>
    /// <remarks>Join the title and the abstract with ". " so that no phrase runs from one into the other.</remarks>
    public static IReadOnlyList<string> Extract(string normalizedText, int max = 5)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0 || normalizedText.Length == 0)
        {
            return [];
        }

        var workspace = _workspace ??= new Workspace();
        var lower = ArrayPool<char>.Shared.Rent(normalizedText.Length);
        try
        {
            var text = lower.AsSpan(0, normalizedText.Length);
            InvariantCase.ToLower(normalizedText, text);
            workspace.Split(text);
            var chosen = workspace.Choose(max);
            var result = chosen == 0 ? [] : new string[chosen];
            for (var r = 0; r < chosen; r++)
            {
                result[r] = workspace.Render(text, r);
            }

            return result;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(lower);
        }
    }

    /// <summary>
    /// Keyphrases from words collected by <see cref="KeyphraseWords"/>: content words as ids into
    /// <paramref name="vocabulary"/>, -1 where a phrase ends.
    /// </summary>
    internal static string[] Extract(ReadOnlySpan<int> words, TokenTable vocabulary, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0)
        {
            return [];
        }

        var workspace = _workspace ??= new Workspace();
        workspace.CollectRuns(words, vocabulary.Count);
        var chosen = workspace.Choose(max);
        var result = chosen == 0 ? [] : new string[chosen];
        for (var r = 0; r < chosen; r++)
        {
            result[r] = workspace.Render(vocabulary, r);
        }

        return result;
    }

    internal static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    /// <summary>Whether an ASCII gap between two words holds only whitespace, which does not end a phrase.</summary>
    internal static bool OnlyAsciiWhitespace(ReadOnlySpan<char> gap)
    {
        foreach (var c in gap)
        {
            if (c is not (' ' or '\t' or '\n' or '\v' or '\f' or '\r'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A word is a run of letters and digits, with a <c>-</c> or <c>'</c> kept between two of them
    /// (<c>state-of-the-art</c>, <c>model's</c>) and a <c>.</c> kept between two digits (<c>3.5</c>).
    /// </summary>
    internal static int WordEnd(ReadOnlySpan<char> text, int start)
    {
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsWordChar(c))
            {
                i++;
            }
            else if (i + 1 < text.Length && IsWordChar(text[i + 1])
                && (c is '-' or '\'' || (c == '.' && char.IsDigit(text[i - 1]) && char.IsDigit(text[i + 1]))))
            {
                i += 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>Whether the word ends a phrase rather than joining one: a stopword, a pure number or a lone character.</summary>
    internal static bool EndsPhrase(ReadOnlySpan<char> word) => NamesNothing(word) || Stopwords.Contains(word);

    /// <summary><see cref="EndsPhrase(ReadOnlySpan{char})"/> of a word whose <see cref="WordKey"/> is known.</summary>
    internal static bool EndsPhrase(ReadOnlySpan<char> word, ulong key) => NamesNothing(word) || Stopwords.Contains(word, key);

    /// <summary>A pure number or a lone character names nothing; it ends a phrase as a stopword does.</summary>
    private static bool NamesNothing(ReadOnlySpan<char> word)
    {
        if (word.Length == 1)
        {
            return true;
        }

        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Word(int Start, int Length);

    /// <summary>Per-thread scratch space, grown as needed and reused by every call.</summary>
    private sealed class Workspace
    {
        // Distinct words of a text, by id in order of first appearance.
        private Word[] _words = new Word[256];
        private int _wordCount;

        // Per word id: in how many kept candidates it occurs, and their total length.
        private int[] _frequency = new int[256];
        private int[] _degree = new int[256];

        // Open-addressing table from a word's text to its id (-1 marks a free slot).
        private int[] _slots = new int[1024];
        private int[] _slotHashes = new int[1024];
        private int _slotMask;

        // Kept candidate phrases: phrase p is _phraseWords[_phraseStart[p] .. +_phraseLength[p]].
        private int[] _phraseWords = new int[512];
        private int _phraseWordCount;
        private int[] _phraseStart = new int[256];
        private int[] _phraseLength = new int[256];
        private int _phraseCount;

        // The best phrases, best first, and their scores.
        private int[] _chosen = new int[16];
        private double[] _chosenScores = new double[16];

        /// <summary>Candidate phrases of a text: the runs of content words, numbered as they come.</summary>
        public void Split(ReadOnlySpan<char> text)
        {
            StartPhrases();
            _wordCount = 0;

            // At most one word per two characters, and the table stays at most half full.
            var needed = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)text.Length + 2);
            if (_slots.Length < needed)
            {
                _slots = new int[needed];
                _slotHashes = new int[needed];
            }

            _slotMask = needed - 1;
            _slots.AsSpan(0, needed).Fill(-1);

            var runStart = 0;
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (IsWordChar(c))
                {
                    var end = WordEnd(text, i);
                    runStart = AddWord(text, i, end - i, runStart);
                    i = end;
                }
                else
                {
                    if (!char.IsWhiteSpace(c))
                    {
                        runStart = ClosePhrase(runStart);
                    }

                    i++;
                }
            }

            ClosePhrase(runStart);
        }

        /// <summary>Candidate phrases from collected words (ids below <paramref name="idCount"/>, -1 ending a phrase).</summary>
        public void CollectRuns(ReadOnlySpan<int> words, int idCount)
        {
            StartPhrases();
            if (_frequency.Length < idCount)
            {
                _frequency = new int[Math.Max(idCount, _frequency.Length * 2)];
                _degree = new int[_frequency.Length];
            }

            _frequency.AsSpan(0, idCount).Clear();
            _degree.AsSpan(0, idCount).Clear();

            var runStart = 0;
            foreach (var word in words)
            {
                if (word < 0)
                {
                    runStart = ClosePhrase(runStart);
                }
                else
                {
                    Append(ref _phraseWords, _phraseWordCount++, word);
                }
            }

            ClosePhrase(runStart);
        }

        /// <summary>
        /// Picks the <paramref name="max"/> best distinct phrases: by score, highest first, and on
        /// equal scores the one that appears first. Phrases are read in order of appearance and
        /// only the best so far are kept, so there is nothing to sort. Returns how many.
        /// </summary>
        public int Choose(int max)
        {
            if (_chosen.Length < max)
            {
                _chosen = new int[max];
                _chosenScores = new double[max];
            }

            var chosen = 0;
            for (var p = 0; p < _phraseCount; p++)
            {
                var score = 0.0;
                var start = _phraseStart[p];
                for (var k = 0; k < _phraseLength[p]; k++)
                {
                    var w = _phraseWords[start + k];
                    score += (double)_degree[w] / _frequency[w];
                }

                // Every kept phrase appeared earlier, so it wins a tie.
                if ((chosen == max && score <= _chosenScores[max - 1]) || IsRepeat(p, score, chosen))
                {
                    continue;
                }

                var at = chosen == max ? max - 1 : chosen++;
                for (; at > 0 && _chosenScores[at - 1] < score; at--)
                {
                    _chosen[at] = _chosen[at - 1];
                    _chosenScores[at] = _chosenScores[at - 1];
                }

                _chosen[at] = p;
                _chosenScores[at] = score;
            }

            return chosen;
        }

        /// <summary>The <paramref name="rank"/>-th chosen phrase, its words from the text <see cref="Split"/> read.</summary>
        public string Render(ReadOnlySpan<char> text, int rank)
        {
            var words = PhraseWords(_chosen[rank]);
            var length = words.Length - 1;
            foreach (var w in words)
            {
                length += _words[w].Length;
            }

            Span<char> buffer = length <= 256 ? stackalloc char[length] : new char[length];
            var at = 0;
            foreach (var w in words)
            {
                if (at > 0)
                {
                    buffer[at++] = ' ';
                }

                var word = _words[w];
                text.Slice(word.Start, word.Length).CopyTo(buffer[at..]);
                at += word.Length;
            }

            return new string(buffer);
        }

        /// <summary>The <paramref name="rank"/>-th chosen phrase, its words from <paramref name="vocabulary"/>.</summary>
        public string Render(TokenTable vocabulary, int rank)
        {
            var words = PhraseWords(_chosen[rank]);
            var length = words.Length - 1;
            foreach (var w in words)
            {
                length += vocabulary[w].Length;
            }

            Span<char> buffer = length <= 256 ? stackalloc char[length] : new char[length];
            var at = 0;
            foreach (var w in words)
            {
                if (at > 0)
                {
                    buffer[at++] = ' ';
                }

                vocabulary[w].CopyTo(buffer[at..]);
                at += vocabulary[w].Length;
            }

            return new string(buffer);
        }

        private void StartPhrases()
        {
            _phraseWordCount = 0;
            _phraseCount = 0;
        }

        /// <summary>Adds a word to the current run, or ends the run at a stopword, number or lone character.</summary>
        private int AddWord(ReadOnlySpan<char> text, int start, int length, int runStart)
        {
            var word = text.Slice(start, length);
            if (EndsPhrase(word))
            {
                return ClosePhrase(runStart);
            }

            Append(ref _phraseWords, _phraseWordCount++, IdOf(text, start, length));
            return runStart;
        }

        /// <summary>Ends the current run of content words; keeps it as a candidate unless it is too long.</summary>
        private int ClosePhrase(int runStart)
        {
            var length = _phraseWordCount - runStart;
            if (length == 0)
            {
                return runStart;
            }

            if (length > MaxPhraseWords)
            {
                _phraseWordCount = runStart;
                return runStart;
            }

            for (var k = runStart; k < _phraseWordCount; k++)
            {
                var w = _phraseWords[k];
                _frequency[w]++;
                _degree[w] += length;
            }

            Append(ref _phraseStart, _phraseCount, runStart);
            Append(ref _phraseLength, _phraseCount, length);
            _phraseCount++;
            return _phraseWordCount;
        }

        private int IdOf(ReadOnlySpan<char> text, int start, int length)
        {
            var word = text.Slice(start, length);
            var hash = string.GetHashCode(word);
            for (var slot = hash & _slotMask; ; slot = (slot + 1) & _slotMask)
            {
                var id = _slots[slot];
                if (id < 0)
                {
                    id = _wordCount++;
                    Append(ref _words, id, new Word(start, length));
                    Append(ref _frequency, id, 0);
                    Append(ref _degree, id, 0);
                    _slots[slot] = id;
                    _slotHashes[slot] = hash;
                    return id;
                }

                var known = _words[id];
                if (_slotHashes[slot] == hash && text.Slice(known.Start, known.Length).SequenceEqual(word))
                {
                    return id;
                }
            }
        }

        /// <summary>
        /// Whether the phrase repeats a kept one. A repeat scores exactly what its first occurrence
        /// scores; if that one is no longer kept, it was outranked, and so is the repeat.
        /// </summary>
        private bool IsRepeat(int phrase, double score, int chosen)
        {
            var words = PhraseWords(phrase);
            for (var r = 0; r < chosen; r++)
            {
                if (_chosenScores[r] == score && PhraseWords(_chosen[r]).SequenceEqual(words))
                {
                    return true;
                }
            }

            return false;
        }

        private ReadOnlySpan<int> PhraseWords(int phrase) =>
            _phraseWords.AsSpan(_phraseStart[phrase], _phraseLength[phrase]);

        private static void Append<T>(ref T[] array, int index, T value)
        {
            if (index >= array.Length)
            {
                Array.Resize(ref array, array.Length * 2);
            }

            array[index] = value;
        }
    }
}
