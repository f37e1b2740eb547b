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
public sealed class PaperText
{
    private PaperText(string title, string[] titleTokens, string[][] sentenceTokens, string[] abstractTokens, string @abstract, string abstractSha256)
    {
        Title = title;
        TitleTokens = titleTokens;
        SentenceTokens = sentenceTokens;
        AbstractTokens = abstractTokens;
        Abstract = @abstract;
        AbstractSha256 = abstractSha256;
    }

    /// <summary>The normalized title ("" when the record has none).</summary>
    public string Title { get; }

    public string[] TitleTokens { get; }

    /// <summary>Tokens of each abstract sentence, in order (blank sentences have none).</summary>
    public string[][] SentenceTokens { get; }

    /// <summary>Tokens of the whole abstract: the sentences' tokens in order.</summary>
    public string[] AbstractTokens { get; }

    /// <summary>The normalized abstract: its non-blank normalized sentences joined by single spaces.</summary>
    public string Abstract { get; }

    /// <summary>Hex SHA-256 of the original sentences joined by newlines, to trace silver back to the source text.</summary>
    public string AbstractSha256 { get; }

    public static PaperText From(PaperRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);

        var sentences = new string[record.Source.Length];
        var sentenceTokens = new string[record.Source.Length][];
        var tokenCount = 0;
        for (var i = 0; i < sentences.Length; i++)
        {
            sentences[i] = TextNormalizer.NormalizeAbstract(record.Source[i]);
            sentenceTokens[i] = WordTokenizer.Tokenize(sentences[i]);
            tokenCount += sentenceTokens[i].Length;
        }

        var abstractTokens = new string[tokenCount];
        var at = 0;
        foreach (var tokens in sentenceTokens)
        {
            tokens.CopyTo(abstractTokens, at);
            at += tokens.Length;
        }

        var title = TextNormalizer.Normalize(record.Title);
        return new PaperText(
            title,
            WordTokenizer.Tokenize(title),
            sentenceTokens,
            abstractTokens,
            string.Join(' ', sentences.Where(s => s.Length > 0)),
            Sha256(record.Source));
    }

    /// <summary>Keyphrases of title and abstract, best first.</summary>
    public IReadOnlyList<string> Keyphrases(int max) =>
        Enrichment.Keyphrases.Extract(Title.Length == 0 ? Abstract : $"{Title}. {Abstract}", max);

    /// <summary>Research areas the title and abstract mention, in lexicon order.</summary>
    public IReadOnlyList<string> ResearchAreaIds()
    {
        var all = new string[TitleTokens.Length + AbstractTokens.Length];
        TitleTokens.CopyTo(all, 0);
        AbstractTokens.CopyTo(all, TitleTokens.Length);
        return ResearchAreas.Tag(all);
    }

    private static string Sha256(string[] sentences)
    {
        var text = string.Join('\n', sentences);
        var bytes = Encoding.UTF8.GetByteCount(text) <= 4096 ? stackalloc byte[Encoding.UTF8.GetByteCount(text)] : new byte[Encoding.UTF8.GetByteCount(text)];
        Encoding.UTF8.GetBytes(text, bytes);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash);
    }
}
