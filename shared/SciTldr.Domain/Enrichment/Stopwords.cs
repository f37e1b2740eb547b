using System.Collections.Frozen;
using SciTldr.Domain.Text;

namespace SciTldr.Domain.Enrichment;

/// <summary>
/// The words that end a RAKE candidate phrase: general English function words plus the filler of
/// machine-learning abstracts ("we propose a novel approach ... results show ...").
/// </summary>
/// <remarks>
/// Part of <see cref="Keyphrases.Method"/>: changing this list changes the output, so bump the
/// method when it changes.
/// </remarks>
internal static class Stopwords
{
    private static readonly string[] English =
    [
        "a", "about", "above", "across", "actually", "after", "afterwards", "again", "against", "all",
        "almost", "alone", "along", "already", "also", "although", "always", "am", "among", "amongst",
        "an", "and", "another", "any", "anyhow", "anyone", "anything", "anyway", "anywhere", "are",
        "aren't", "around", "as", "at", "be", "became", "because", "become", "becomes", "becoming",
        "been", "before", "beforehand", "behind", "being", "below", "beside", "besides", "between",
        "beyond", "both", "but", "by", "can", "can't", "cannot", "could", "couldn't", "did", "didn't",
        "do", "does", "doesn't", "doing", "don't", "done", "down", "due", "during", "each", "eg",
        "eight", "either", "else", "elsewhere", "enough", "especially", "etc", "even", "ever", "every",
        "everyone", "everything", "everywhere", "except", "few", "five", "for", "former", "formerly",
        "four", "from", "further", "furthermore", "had", "hasn't", "has", "have", "haven't", "having",
        "he", "hence", "her", "here", "hereby", "herein", "hers", "herself", "him", "himself", "his",
        "how", "however", "ie", "if", "in", "indeed", "instead", "into", "is", "isn't", "it", "it's",
        "its", "itself", "just", "last", "later", "latter", "least", "less", "let", "let's", "like",
        "likely", "many", "may", "me", "meanwhile", "might", "more", "moreover", "most", "mostly",
        "much", "must", "my", "myself", "namely", "neither", "never", "nevertheless", "next", "nine",
        "no", "nobody", "none", "nor", "not", "nothing", "now", "nowhere", "of", "off", "often", "on",
        "once", "one", "ones", "only", "onto", "or", "other", "others", "otherwise", "our", "ours",
        "ourselves", "out", "over", "own", "per", "perhaps", "please", "quite", "rather", "really",
        "same", "second", "seven", "several", "she", "should", "shouldn't", "since", "six", "so",
        "some", "somehow", "someone", "something", "sometimes", "somewhat", "somewhere", "still",
        "such", "ten", "than", "that", "that's", "the", "their", "theirs", "them", "themselves",
        "then", "thence", "there", "there's", "thereafter", "thereby", "therefore", "therein",
        "thereof", "these", "they", "they're", "third", "this", "those", "though", "three", "through",
        "throughout", "thus", "to", "together", "too", "toward", "towards", "two", "under", "unless",
        "unlike", "until", "up", "upon", "us", "very", "via", "was", "wasn't", "we", "we're", "well",
        "were", "weren't", "what", "whatever", "when", "whence", "whenever", "where", "whereas",
        "whereby", "wherein", "whether", "which", "while", "whilst", "who", "whoever", "whole",
        "whom", "whose", "why", "will", "with", "within", "without", "won't", "would", "wouldn't",
        "yet", "you", "your", "yours", "yourself", "yourselves",
    ];

    /// <summary>Adverbs and hedges that pad scientific prose without naming anything.</summary>
    private static readonly string[] Adverbs =
    [
        "additionally", "certain", "clearly", "commonly", "consequently", "considerably", "currently",
        "directly", "easily", "effectively", "entirely", "essentially", "fully", "generally", "given",
        "greatly", "highly", "importantly", "including", "increasingly", "largely", "mainly",
        "necessarily", "notably", "particularly", "previously", "primarily", "recently", "relatively",
        "respectively", "significantly", "simply", "specifically", "strongly", "substantially",
        "successfully", "typically", "usually", "widely",
    ];

    /// <summary>The vocabulary of the abstract genre itself: what every paper proposes, shows and achieves.</summary>
    private static readonly string[] AcademicFiller =
    [
        "able", "achieve", "achieved", "achieves", "achieving", "address", "addresses", "aim",
        "aims", "allow", "allowing", "allows", "analyze", "analyzes", "applied", "apply",
        "applying", "approach", "approaches", "based", "best", "better", "called", "capture",
        "captures", "compare", "compared", "comparison", "consider", "considered", "contain",
        "contains", "demonstrate", "demonstrated", "demonstrates", "demonstrating", "describe",
        "describes", "develop", "developed", "develops", "different", "enable", "enabled",
        "enables", "evaluate", "evaluated", "evaluates", "exhibit", "exhibits", "existing",
        "experiment", "experimental", "experiments", "explore", "explores", "extensive", "fail",
        "fails", "find", "finds", "focus", "focuses", "found", "good", "help", "helps", "improve",
        "improved", "improves", "improving", "introduce", "introduced", "introduces", "investigate",
        "investigates", "lead", "leads", "learn", "learns", "led", "leverage", "leverages",
        "leveraging", "make", "makes", "making", "method", "methods", "new", "novel", "number",
        "obtain", "obtained", "order", "outperform", "outperforming", "outperforms", "paper",
        "papers", "perform", "performs", "present", "presented", "presents", "prior", "propose",
        "proposed", "proposes", "proposing", "provide", "provided", "provides", "recent", "remain",
        "remains", "require", "required", "requires", "result", "resulting", "results", "show",
        "showed", "showing", "shown", "shows", "significant", "state-of-the-art", "study", "suffer",
        "suffers", "technique", "techniques", "tend", "tends", "terms", "train", "trained", "use",
        "used", "uses", "using", "various", "way", "ways", "work", "works", "yield", "yields",
    ];

    public static readonly FrozenSet<string> All =
        English.Concat(Adverbs).Concat(AcademicFiller).ToFrozenSet(StringComparer.Ordinal);

    // All, as an open-addressing table (at most 1/4 full) on the word's WordKey: a word that is no
    // stopword nearly always lands on an empty slot, and a stopword's key matches before its text.
    private const int SlotBits = 11;
    private static readonly string?[] SlotWords = new string?[1 << SlotBits];
    private static readonly ulong[] SlotKeys = BuildTable();

    /// <summary>Whether <paramref name="word"/> is a stopword: the same answer as <see cref="All"/>, for a span.</summary>
    public static bool Contains(ReadOnlySpan<char> word) => Contains(word, WordKey.Of(word));

    /// <summary><see cref="Contains(ReadOnlySpan{char})"/> of a word whose <see cref="WordKey"/> is known.</summary>
    public static bool Contains(ReadOnlySpan<char> word, ulong key)
    {
        var words = SlotWords;
        var keys = SlotKeys;
        for (var slot = SlotOf(key); words[slot] is { } stopword; slot = (slot + 1) & (words.Length - 1))
        {
            if (keys[slot] == key && (WordKey.IsExact(key) || word.SequenceEqual(stopword)))
            {
                return true;
            }
        }

        return false;
    }

    private static int SlotOf(ulong key) => (int)(WordKey.Mix(key) >> (64 - SlotBits));

    private static ulong[] BuildTable()
    {
        if (All.Count * 4 > SlotWords.Length)
        {
            throw new InvalidOperationException("the stopword table is more than a quarter full");
        }

        var keys = new ulong[SlotWords.Length];
        foreach (var word in All)
        {
            var key = WordKey.Of(word);
            var slot = SlotOf(key);
            while (SlotWords[slot] is not null)
            {
                slot = (slot + 1) & (SlotWords.Length - 1);
            }

            SlotWords[slot] = word;
            keys[slot] = key;
        }

        return keys;
    }
}
