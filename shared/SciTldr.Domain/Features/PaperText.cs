using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using SciTldr.Domain.Enrichment;
using SciTldr.Domain.Records;
using SciTldr.Domain.Text;

namespace SciTldr.Domain.Features;

/// <summary>
/// A paper's text, normalized and tokenized once (with the project's one normalizer and tokenizer)
/// and shared by every feature: counts, ROUGE, novelty, oracle, keyphrases and research areas.
/// </summary>
/// <remarks>
/// Title, sentences and TLDRs are tokenized by one <see cref="TokenInterner"/>: each distinct
/// token is kept once, by id, and the features work on ids (the TLDR metrics align ids, research
/// areas look each distinct token up once, on the way, as keyphrase words are collected). The token
/// strings of <see cref="TitleTokens"/>, <see cref="SentenceTokens"/> and <see cref="AbstractTokens"/>
/// are made when first asked for, one string per distinct token; the features never ask.
/// </remarks>
public sealed class PaperText
{
    private readonly TokenTable tokens;

    // Token ids of the title, then of each sentence, then of each TLDR.
    private readonly int[] tokenIds;
    private readonly int titleTokenCount;
    private readonly int[] sentenceTokenCounts;
    private readonly int abstractTokenCount;
    private readonly ulong researchAreas;
    private readonly int[] keyphraseWords;

    private string[]? titleTokens;
    private string[][]? sentenceTokens;
    private string[]? abstractTokens;

    private PaperText(string title, string @abstract, string abstractSha256, TokenTable tokens, int[] tokenIds, int titleTokenCount, int[] sentenceTokenCounts, int abstractTokenCount, ulong researchAreas, int[] keyphraseWords, TldrText[] tldrs)
    {
        Title = title;
        Abstract = @abstract;
        AbstractSha256 = abstractSha256;
        this.tokens = tokens;
        this.tokenIds = tokenIds;
        this.titleTokenCount = titleTokenCount;
        this.sentenceTokenCounts = sentenceTokenCounts;
        this.abstractTokenCount = abstractTokenCount;
        this.researchAreas = researchAreas;
        this.keyphraseWords = keyphraseWords;
        Tldrs = tldrs;
    }

    /// <summary>The normalized title ("" when the record has none).</summary>
    public string Title { get; }

    public string[] TitleTokens => titleTokens ?? Keep(ref titleTokens, tokens.Strings(TitleTokenIds));

    /// <summary>Tokens of each abstract sentence, in order (blank sentences have none).</summary>
    public string[][] SentenceTokens => sentenceTokens ?? Keep(ref sentenceTokens, MakeSentenceTokens());

    /// <summary>Tokens of the whole abstract: the sentences' tokens in order.</summary>
    public string[] AbstractTokens => abstractTokens ?? Keep(ref abstractTokens, tokens.Strings(AbstractTokenIds));

    /// <summary>The normalized abstract: its non-blank normalized sentences joined by single spaces.</summary>
    public string Abstract { get; }

    /// <summary>Hex SHA-256 of the original sentences joined by newlines, to trace silver back to the source text.</summary>
    public string AbstractSha256 { get; }

    /// <summary>The distinct tokens (and keyphrase words) of title, abstract and TLDRs, by id.</summary>
    internal TokenTable Tokens => tokens;

    internal int TitleTokenCount => titleTokenCount;

    internal int AbstractTokenCount => abstractTokenCount;

    internal ReadOnlySpan<int> TitleTokenIds => tokenIds.AsSpan(0, titleTokenCount);

    internal ReadOnlySpan<int> AbstractTokenIds => tokenIds.AsSpan(titleTokenCount, abstractTokenCount);

    /// <summary>How many tokens each sentence of the abstract has.</summary>
    internal ReadOnlySpan<int> SentenceTokenCounts => sentenceTokenCounts;

    /// <summary>The TLDRs, normalized and tokenized with the same ids, for the record's <c>target</c> as it was read.</summary>
    internal TldrText[] Tldrs { get; }

    public static PaperText From(PaperRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);

        var interner = TokenInterner.StartPaper();
        var words = KeyphraseWords.StartPaper();

        // Keyphrases read the title, ". " and the abstract: no phrase runs from one into the other.
        var title = TextNormalizer.Normalize(record.Title);
        var titleTokenCount = interner.Tokenize(title);
        if (title.Length > 0)
        {
            words.AppendText(interner.LastText, interner.LastBounds, interner.Ids[^titleTokenCount..], interner);
            words.EndPhrase();
        }

        var sentences = new string[record.Source.Length];
        var sentenceTokenCounts = new int[record.Source.Length];
        for (var i = 0; i < sentences.Length; i++)
        {
            sentences[i] = TextNormalizer.NormalizeAbstract(record.Source[i]);
            var count = sentenceTokenCounts[i] = interner.Tokenize(sentences[i]);

            // The abstract joins the non-empty sentences with spaces, which end no phrase.
            if (sentences[i].Length > 0)
            {
                words.AppendText(interner.LastText, interner.LastBounds, interner.Ids[^count..], interner);
            }
        }

        // Title and abstract are one sequence, so that a multi-word term can run from one into the other.
        var abstractTokenCount = interner.Ids.Length - titleTokenCount;
        var researchAreas = ResearchAreas.Mask(interner, interner.Ids);
        var tldrs = new TldrText[record.Target.Length];
        for (var i = 0; i < tldrs.Length; i++)
        {
            var original = record.Target[i];
            var normalized = TextNormalizer.Normalize(original);
            var start = interner.Ids.Length;
            tldrs[i] = new TldrText(original, normalized, start, interner.Tokenize(normalized));
        }

        return new PaperText(
            title,
            JoinNonEmpty(sentences),
            Sha256(record.Source),
            interner.ToTable(),
            interner.Ids.ToArray(),
            titleTokenCount,
            sentenceTokenCounts,
            abstractTokenCount,
            researchAreas,
            words.Words.ToArray(),
            tldrs);
    }

    /// <summary>Keyphrases of title and abstract, best first.</summary>
    public IReadOnlyList<string> Keyphrases(int max) => Enrichment.Keyphrases.Extract(keyphraseWords, tokens, max);

    /// <summary>Research areas the title and abstract mention, in lexicon order.</summary>
    public IReadOnlyList<string> ResearchAreaIds() => ResearchAreas.Ids(researchAreas);

    /// <summary>The TLDR at <paramref name="index"/> when <paramref name="original"/> is the very string this text was built from.</summary>
    internal TldrText? TldrFor(int index, string original) =>
        index < Tldrs.Length && ReferenceEquals(Tldrs[index].Original, original) ? Tldrs[index] : null;

    internal ReadOnlySpan<int> TokenIdsOf(TldrText tldr) => tokenIds.AsSpan(tldr.TokenStart, tldr.TokenCount);

    /// <summary>Publishes a lazily made value once: racing threads make equal values, and all get the first one kept.</summary>
    private static T Keep<T>(ref T? field, T value)
        where T : class => Interlocked.CompareExchange(ref field, value, null) ?? value;

    private string[][] MakeSentenceTokens()
    {
        var all = AbstractTokens;
        var sentences = new string[sentenceTokenCounts.Length][];
        var at = 0;
        for (var i = 0; i < sentences.Length; i++)
        {
            sentences[i] = all.AsSpan(at, sentenceTokenCounts[i]).ToArray();
            at += sentenceTokenCounts[i];
        }

        return sentences;
    }

    /// <summary>The non-empty sentences joined by single spaces.</summary>
    private static string JoinNonEmpty(string[] sentences)
    {
        var length = -1;
        foreach (var sentence in sentences)
        {
            length += sentence.Length > 0 ? sentence.Length + 1 : 0;
        }

        return length <= 0 ? "" : string.Create(length, sentences, static (destination, sentences) =>
        {
            var at = 0;
            foreach (var sentence in sentences)
            {
                if (sentence.Length > 0)
                {
                    if (at > 0)
                    {
                        destination[at++] = ' ';
                    }

                    sentence.CopyTo(destination[at..]);
                    at += sentence.Length;
                }
            }
        });
    }

    /// <summary>SHA-256 of the UTF-8 of the sentences joined by newlines.</summary>
    /// <remarks>
    /// The sentences are encoded one by one into a pooled buffer rather than joined first: the
    /// newline between two sentences keeps an unpaired surrogate at either edge unpaired, so the
    /// bytes are exactly those of the joined text.
    /// </remarks>
    private static string Sha256(string[] sentences)
    {
        var maxBytes = sentences.Length;
        foreach (var sentence in sentences)
        {
            maxBytes += Encoding.UTF8.GetMaxByteCount(sentence?.Length ?? 0);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            var length = 0;
            for (var i = 0; i < sentences.Length; i++)
            {
                if (i > 0)
                {
                    buffer[length++] = (byte)'\n';
                }

                length += Encoding.UTF8.GetBytes(sentences[i] ?? "", buffer.AsSpan(length));
            }

            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer.AsSpan(0, length), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>One TLDR of a <see cref="PaperText"/>: as read, normalized, and where its token ids are.</summary>
internal sealed record TldrText(string? Original, string Normalized, int TokenStart, int TokenCount);
