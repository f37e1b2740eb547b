using BenchmarkDotNet.Attributes;
using SciTldr.Domain.Features;
using SciTldr.Domain.Metrics;
using SciTldr.Domain.Records;
using SciTldr.Domain.Text;

namespace SciTldr.Benchmarks;

/// <summary>The text hot paths on 1,000 real SciTLDR papers, reported per paper.</summary>
[MemoryDiagnoser]
public class TextBenchmarks
{
    private const int Papers = 1000;
    private PaperRecord[] _records = [];
    private PaperText[] _texts = [];
    private string[][] _tldrTokens = [];

    [GlobalSetup]
    public void Setup()
    {
        _records = SampleData.Records(Papers);
        _texts = _records.Select(PaperText.From).ToArray();
        _tldrTokens = _records.Select(r => WordTokenizer.Tokenize(TextNormalizer.Normalize(r.Target[0]))).ToArray();
    }

    /// <summary>Every sentence, title and TLDR of a paper through the normalizer.</summary>
    [Benchmark(OperationsPerInvoke = Papers)]
    public int Normalize()
    {
        var length = 0;
        foreach (var record in _records)
        {
            foreach (var sentence in record.Source)
            {
                length += TextNormalizer.NormalizeAbstract(sentence).Length;
            }

            length += TextNormalizer.Normalize(record.Title).Length;
            foreach (var tldr in record.Target)
            {
                length += TextNormalizer.Normalize(tldr).Length;
            }
        }

        return length;
    }

    /// <summary>Tokenizing a paper's normalized abstract.</summary>
    [Benchmark(OperationsPerInvoke = Papers)]
    public int Tokenize()
    {
        var tokens = 0;
        foreach (var text in _texts)
        {
            tokens += WordTokenizer.Tokenize(text.Abstract).Length;
        }

        return tokens;
    }

    /// <summary>A paper's shared text: title, sentences and TLDRs normalized and tokenized into one numbering, keyphrase words collected, SHA-256.</summary>
    [Benchmark(OperationsPerInvoke = Papers)]
    public int PaperTextFrom()
    {
        var length = 0;
        foreach (var record in _records)
        {
            length += PaperText.From(record).Abstract.Length;
        }

        return length;
    }

    /// <summary>Keyphrases and research areas of a paper whose text is already tokenized.</summary>
    [Benchmark(OperationsPerInvoke = Papers)]
    public int Enrichment()
    {
        var count = 0;
        foreach (var text in _texts)
        {
            count += text.Keyphrases(PaperFeatures.MaxKeyphrases).Count + text.ResearchAreaIds().Count;
        }

        return count;
    }

    /// <summary>ROUGE-1, -2 and -L of the author TLDR against its abstract.</summary>
    [Benchmark(OperationsPerInvoke = Papers)]
    public double Rouge()
    {
        var sum = 0.0;
        for (var i = 0; i < _texts.Length; i++)
        {
            sum += Domain.Metrics.Rouge.Rouge1(_tldrTokens[i], _texts[i].AbstractTokens).F1
                + Domain.Metrics.Rouge.Rouge2(_tldrTokens[i], _texts[i].AbstractTokens).F1
                + Domain.Metrics.Rouge.RougeL(_tldrTokens[i], _texts[i].AbstractTokens).F1;
        }

        return sum;
    }

    /// <summary>All features of a paper and its TLDRs (normalize, tokenize, ROUGE, novelty, oracle, keyphrases, areas, style).</summary>
    [Benchmark(OperationsPerInvoke = Papers)]
    public int Features()
    {
        var rows = 0;
        foreach (var record in _records)
        {
            rows += ExtractedFeatures.From(record).Tldrs.Length;
        }

        return rows;
    }
}
