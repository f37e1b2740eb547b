using System.Buffers;

namespace SciTldr.Domain.Enrichment;

/// <summary>
/// Keyphrases of one document by RAKE (Rose et al. 2010, "Automatic keyword extraction from
/// individual documents"): candidates are the runs of content words between stopwords and
/// punctuation, and a phrase scores the sum of its words' degree/frequency.
/// </summary>
/// <remarks>
/// Runs once per paper on the transformation's hot path, so it keeps its scratch arrays per thread
/// and allocates only the returned strings. See docs/enrichment.md for the exact rules.
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
            normalizedText.AsSpan().ToLowerInvariant(text);
            workspace.Reset(text.Length);
            workspace.Split(text);
            return workspace.Best(text, max);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(lower);
        }
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    /// <summary>
    /// A word is a run of letters and digits, with a <c>-</c> or <c>'</c> kept between two of them
    /// (<c>state-of-the-art</c>, <c>model's</c>) and a <c>.</c> kept between two digits (<c>3.5</c>).
    /// </summary>
    private static int WordEnd(ReadOnlySpan<char> text, int start)
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

    /// <summary>A pure number or a lone character names nothing; it ends a phrase as a stopword does.</summary>
    private static bool EndsPhrase(ReadOnlySpan<char> word)
    {
        if (word.Length == 1)
        {
            return true;
        }

        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                return Stopwords.BySpan.Contains(word);
            }
        }

        return true;
    }

    private readonly record struct Word(int Start, int Length);

    private readonly record struct Ranked(double Score, int Ordinal);

    /// <summary>Per-thread scratch space, grown as needed and reused by every call.</summary>
    private sealed class Workspace
    {
        private static readonly Comparison<Ranked> BestFirst = static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : a.Ordinal.CompareTo(b.Ordinal);
        };

        // Distinct words, by id in order of first appearance.
        private Word[] _words = new Word[256];
        private int[] _frequency = new int[256];
        private int[] _degree = new int[256];
        private int _wordCount;

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

        private Ranked[] _ranked = new Ranked[256];
        private int[] _chosen = new int[16];

        public void Reset(int textLength)
        {
            _wordCount = 0;
            _phraseWordCount = 0;
            _phraseCount = 0;

            // At most one word per two characters, and the table stays at most half full.
            var needed = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)textLength + 2);
            if (_slots.Length < needed)
            {
                _slots = new int[needed];
                _slotHashes = new int[needed];
            }

            _slotMask = needed - 1;
            _slots.AsSpan(0, needed).Fill(-1);
        }

        public void Split(ReadOnlySpan<char> text)
        {
            var runStart = _phraseWordCount;
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (IsWordChar(c))
                {
                    var end = WordEnd(text, i);
                    var word = text[i..end];
                    if (EndsPhrase(word))
                    {
                        runStart = ClosePhrase(runStart);
                    }
                    else
                    {
                        Append(ref _phraseWords, _phraseWordCount++, IdOf(text, i, end - i));
                    }

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

        public IReadOnlyList<string> Best(ReadOnlySpan<char> text, int max)
        {
            if (_phraseCount == 0)
            {
                return [];
            }

            if (_ranked.Length < _phraseCount)
            {
                _ranked = new Ranked[Math.Max(_phraseCount, _ranked.Length * 2)];
            }

            for (var p = 0; p < _phraseCount; p++)
            {
                var score = 0.0;
                var start = _phraseStart[p];
                for (var k = 0; k < _phraseLength[p]; k++)
                {
                    var w = _phraseWords[start + k];
                    score += (double)_degree[w] / _frequency[w];
                }

                _ranked[p] = new Ranked(score, p);
            }

            var ranked = _ranked.AsSpan(0, _phraseCount);
            ranked.Sort(BestFirst);

            var capacity = Math.Min(max, _phraseCount);
            if (_chosen.Length < capacity)
            {
                _chosen = new int[capacity];
            }

            var chosen = 0;
            foreach (var candidate in ranked)
            {
                if (chosen == max)
                {
                    break;
                }

                if (!AlreadyChosen(candidate.Ordinal, chosen))
                {
                    _chosen[chosen++] = candidate.Ordinal;
                }
            }

            var result = new string[chosen];
            for (var r = 0; r < chosen; r++)
            {
                result[r] = Render(text, _chosen[r]);
            }

            return result;
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

        /// <summary>Equal phrases have equal scores, so a repeat can only follow its first occurrence.</summary>
        private bool AlreadyChosen(int phrase, int chosen)
        {
            var words = PhraseWords(phrase);
            for (var r = 0; r < chosen; r++)
            {
                if (PhraseWords(_chosen[r]).SequenceEqual(words))
                {
                    return true;
                }
            }

            return false;
        }

        private ReadOnlySpan<int> PhraseWords(int phrase) =>
            _phraseWords.AsSpan(_phraseStart[phrase], _phraseLength[phrase]);

        private string Render(ReadOnlySpan<char> text, int phrase)
        {
            var words = PhraseWords(phrase);
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
