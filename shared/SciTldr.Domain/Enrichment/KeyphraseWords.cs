using System.Text;
using SciTldr.Domain.Text;

namespace SciTldr.Domain.Enrichment;

/// <summary>
/// The input of <see cref="Keyphrases"/> for one paper, collected while <see cref="TokenInterner"/>
/// tokenizes its title and sentences: each content word as its token id, and -1 wherever a phrase
/// ends (punctuation, a stopword, a number, a lone character). Words and tokens are compared by id,
/// so no word is hashed twice and a stopword is looked up once per distinct word.
/// </summary>
/// <remarks>
/// In ASCII, a keyphrase word is a token except at a comma between two digits, which joins a token
/// (<c>1,000</c>) but separates words; so the words are the tokens, split at their commas, and a
/// phrase ends wherever the gap before a token holds anything but whitespace. Other text is read
/// character by character with the keyphrase rules. A text is read on its own: in the joined text
/// a space (between sentences) or ". " (after the title) separates it from the next.
/// </remarks>
internal sealed class KeyphraseWords
{
    private const int PhraseEnd = -1;
    private const byte ContentWord = 1;
    private const byte PhraseEnder = 2;

    [ThreadStatic]
    private static KeyphraseWords? perThread;

    private int[] words = new int[512];
    private int count;

    // Per token id below kindsUsed: ContentWord, or PhraseEnder for a stopword, number or lone character.
    private byte[] kinds = new byte[256];
    private int kindsUsed;

    private KeyphraseWords()
    {
    }

    /// <summary>This thread's collector, emptied for a new paper.</summary>
    public static KeyphraseWords StartPaper()
    {
        var collected = perThread ??= new KeyphraseWords();
        collected.count = 0;
        collected.kindsUsed = 0;
        return collected;
    }

    public ReadOnlySpan<int> Words => words.AsSpan(0, count);

    /// <summary>Ends the current phrase: the ". " between title and abstract.</summary>
    public void EndPhrase()
    {
        // Repeated ends change nothing, so only one is kept.
        if (count > 0 && words[count - 1] != PhraseEnd)
        {
            Append(PhraseEnd);
        }
    }

    /// <summary>The words of one lower-cased text, from its tokens (bounds: start and length of each) and their ids.</summary>
    public void AppendText(ReadOnlySpan<char> text, ReadOnlySpan<int> bounds, ReadOnlySpan<int> ids, TokenInterner interner)
    {
        if (!Ascii.IsValid(text))
        {
            AppendScanned(text, interner);
            return;
        }

        // Each token adds one entry and each gap at most one more.
        ClassifyNewWords(interner);
        EnsureRoom((2 * ids.Length) + 1);
        var splitAtCommas = HasCommaBetweenDigits(text);
        var gapStart = 0;
        for (var t = 0; t < ids.Length; t++)
        {
            var start = bounds[2 * t];
            var length = bounds[(2 * t) + 1];

            // Nearly every gap is one space; anything but whitespace in it ends the phrase.
            var gap = text[gapStart..start];
            if (!(gap.Length == 1 && gap[0] == ' ') && !Keyphrases.OnlyAsciiWhitespace(gap))
            {
                words[count++] = PhraseEnd;
            }

            var token = text.Slice(start, length);
            if (splitAtCommas && token.Contains(','))
            {
                AppendSplitAtCommas(token, interner);
                EnsureRoom((2 * (ids.Length - t)) + 1);
            }
            else
            {
                // A conditional move, not a branch: whether a word is a stopword is a coin toss.
                var id = ids[t];
                words[count++] = kinds[id] == ContentWord ? id : PhraseEnd;
            }

            gapStart = start + length;
        }

        if (!Keyphrases.OnlyAsciiWhitespace(text[gapStart..]))
        {
            words[count++] = PhraseEnd;
        }
    }

    /// <summary>Whether some comma has a digit on both sides: only then does a token hold one.</summary>
    private static bool HasCommaBetweenDigits(ReadOnlySpan<char> text)
    {
        for (var from = 0; ;)
        {
            var comma = text[from..].IndexOf(',');
            if (comma < 0)
            {
                return false;
            }

            var at = from + comma;
            if (at > 0 && at + 1 < text.Length && char.IsAsciiDigit(text[at - 1]) && char.IsAsciiDigit(text[at + 1]))
            {
                return true;
            }

            from = at + 1;
        }
    }

    private void AppendSplitAtCommas(ReadOnlySpan<char> token, TokenInterner interner)
    {
        var first = true;
        foreach (var range in token.Split(','))
        {
            if (!first)
            {
                EndPhrase();
            }

            AppendWord(interner.Intern(token[range]), interner);
            first = false;
        }
    }

    /// <summary>The keyphrase scanner itself, for text that is not ASCII.</summary>
    private void AppendScanned(ReadOnlySpan<char> text, TokenInterner interner)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (Keyphrases.IsWordChar(c))
            {
                var end = Keyphrases.WordEnd(text, i);
                AppendWord(interner.Intern(text[i..end]), interner);
                i = end;
            }
            else
            {
                if (!char.IsWhiteSpace(c))
                {
                    EndPhrase();
                }

                i++;
            }
        }
    }

    private void AppendWord(int id, TokenInterner interner)
    {
        ClassifyNewWords(interner);
        if (kinds[id] == ContentWord)
        {
            Append(id);
        }
        else
        {
            EndPhrase();
        }
    }

    /// <summary>
    /// Classifies the words the interner has numbered since the last call: ids come in order, so
    /// the new ones are the last, and each distinct word is looked up once.
    /// </summary>
    private void ClassifyNewWords(TokenInterner interner)
    {
        var numbered = interner.Count;
        if (kinds.Length < numbered)
        {
            Array.Resize(ref kinds, Math.Max(numbered, kinds.Length * 2));
        }

        for (var id = kindsUsed; id < numbered; id++)
        {
            kinds[id] = Keyphrases.EndsPhrase(interner[id], interner.WordKeyOf(id)) ? PhraseEnder : ContentWord;
        }

        kindsUsed = numbered;
    }

    private void EnsureRoom(int entries)
    {
        if (count + entries > words.Length)
        {
            Array.Resize(ref words, Math.Max(count + entries, words.Length * 2));
        }
    }

    private void Append(int word)
    {
        EnsureRoom(1);
        words[count++] = word;
    }
}
