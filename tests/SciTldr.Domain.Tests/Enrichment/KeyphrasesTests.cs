using System.Buffers;
using SciTldr.Domain.Enrichment;

namespace SciTldr.Domain.Tests.Enrichment;

public sealed class KeyphrasesTests
{
    private static readonly SearchValues<char> Punctuation = SearchValues.Create(".,;:!?()[]{}\"");

    /// <summary>The sample abstract of Rose et al. (2010), section 1.2.</summary>
    private const string RakePaperAbstract =
        "Compatibility of systems of linear constraints over the set of natural numbers. Criteria of "
        + "compatibility of a system of linear Diophantine equations, strict inequations, and nonstrict "
        + "inequations are considered. Upper bounds for components of a minimal set of solutions and "
        + "algorithms of construction of minimal generating sets of solutions for all types of systems "
        + "are given. These criteria and the corresponding algorithms for constructing a minimal "
        + "supporting set of solutions can be used in solving all the considered types of systems and "
        + "systems of mixed types.";

    [Fact]
    public void Ranks_the_worked_example_of_the_RAKE_paper_as_the_paper_does()
    {
        var phrases = Keyphrases.Extract(RakePaperAbstract, max: 9);

        // The paper's scores: 8.7, 8.5, 7.7, 4.7, 4.5, then four at 4.0 in order of appearance.
        Assert.Equal(
        [
            "minimal generating sets", "linear diophantine equations", "minimal supporting set",
            "minimal set", "linear constraints", "natural numbers", "strict inequations",
            "nonstrict inequations", "upper bounds",
        ], phrases);
    }

    [Fact]
    public void Documented_example_from_the_dev_split_is_what_the_code_gives()
    {
        var paper = SplitTexts.DevPapers.Single(p => p.PaperId == "rJlnfaNYvB");

        Assert.Equal(
        [
            "ieee half-precision floating point", "training deep neural networks",
            "model-specific loss scale hyperparameter", "single-precision floating point",
            "fast hardware support",
        ], Keyphrases.Extract(paper.Document));
    }

    [Fact]
    public void Sums_degree_over_frequency_of_the_words()
    {
        // "loss" is in two phrases of lengths 2 and 1: degree 3, frequency 2, score 1.5.
        // "adaptive loss" = 2/1 + 1.5 = 3.5; "scaling" = 1; "loss" = 1.5.
        var phrases = Keyphrases.Extract("adaptive loss. scaling. loss.");

        Assert.Equal(["adaptive loss", "loss", "scaling"], phrases);
    }

    [Theory]
    [InlineData("alpha beta. gamma delta.", "alpha beta", "gamma delta")]
    [InlineData("gamma delta. alpha beta.", "gamma delta", "alpha beta")]
    public void Ties_go_to_the_phrase_that_appears_first(string text, string first, string second)
    {
        Assert.Equal([first, second], Keyphrases.Extract(text));
    }

    [Fact]
    public void Phrases_end_at_stopwords_filler_and_punctuation()
    {
        var phrases = Keyphrases.Extract(
            "We propose a novel approach to graph pooling; it uses spectral clustering (without labels) and [sparse] \"attention\" heads!",
            max: 10);

        Assert.Equal(["graph pooling", "spectral clustering", "labels", "sparse", "attention", "heads"], phrases);
    }

    [Fact]
    public void Candidates_longer_than_four_words_are_dropped()
    {
        var phrases = Keyphrases.Extract("alpha beta gamma delta epsilon. zeta eta theta iota.");

        Assert.Equal(["zeta eta theta iota"], phrases);
    }

    [Fact]
    public void Pure_numbers_and_single_characters_end_phrases()
    {
        var phrases = Keyphrases.Extract("resnet 50 backbones, 3.5 x speedup, top 1 accuracy", max: 10);

        Assert.Equal(["resnet", "backbones", "speedup", "top", "accuracy"], phrases);
    }

    [Fact]
    public void Repeated_phrases_are_returned_once()
    {
        var phrases = Keyphrases.Extract("Neural networks. neural networks. NEURAL NETWORKS. graph.");

        Assert.Equal(["neural networks", "graph"], phrases);
    }

    [Fact]
    public void Keeps_internal_hyphens_apostrophes_and_decimals_and_lower_cases()
    {
        var phrases = Keyphrases.Extract("BERT-Based Encoders; the Model's GPT-3.5 Outputs", max: 10);

        Assert.Equal(["model's gpt-3.5 outputs", "bert-based encoders"], phrases);
    }

    [Fact]
    public void Lone_dashes_and_quotes_split_phrases()
    {
        var phrases = Keyphrases.Extract("graph pooling - 'spectral clustering' / attention heads", max: 10);

        Assert.Equal(["graph pooling", "spectral clustering", "attention heads"], phrases);
    }

    [Fact]
    public void Returns_at_most_max_phrases()
    {
        var text = "alpha. beta. gamma. delta. epsilon. zeta. eta.";

        Assert.Equal(5, Keyphrases.Extract(text).Count);
        Assert.Equal(["alpha", "beta"], Keyphrases.Extract(text, max: 2));
        Assert.Equal(7, Keyphrases.Extract(text, max: 100).Count);
        Assert.Empty(Keyphrases.Extract(text, max: 0));
    }

    [Fact]
    public void Negative_max_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Keyphrases.Extract("alpha", max: -1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("We show that it is the one.")]
    [InlineData("... ; () 42 7.5 x")]
    public void Text_without_content_words_has_no_keyphrases(string text)
    {
        Assert.Empty(Keyphrases.Extract(text));
    }

    [Fact]
    public void Same_document_gives_the_same_keyphrases_whatever_came_before()
    {
        var papers = SplitTexts.DevPapers;
        var first = papers.Select(p => Keyphrases.Extract(p.Document)).ToArray();
        var reversed = papers.Reverse().Select(p => Keyphrases.Extract(p.Document)).Reverse().ToArray();

        Assert.Equal(first, reversed);
    }

    [Fact]
    public void Threads_extracting_at_once_get_what_one_thread_gets()
    {
        var papers = SplitTexts.DevPapers;
        var sequential = papers.Select(p => Keyphrases.Extract(p.Document)).ToArray();
        var parallel = new IReadOnlyList<string>[papers.Count];

        Parallel.For(0, papers.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            parallel[i] = Keyphrases.Extract(papers[i].Document));

        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Every_keyphrase_of_the_dev_split_is_a_short_clean_phrase()
    {
        foreach (var paper in SplitTexts.DevPapers)
        {
            var phrases = Keyphrases.Extract(paper.Document);

            Assert.NotEmpty(phrases);
            Assert.Equal(phrases.Count, phrases.Distinct(StringComparer.Ordinal).Count());
            foreach (var phrase in phrases)
            {
                Assert.InRange(phrase.Split(' ').Length, 1, Keyphrases.MaxPhraseWords);
                Assert.Equal(phrase.ToLowerInvariant(), phrase);
                Assert.True(phrase.AsSpan().IndexOfAny(Punctuation) < 0, phrase);
            }
        }
    }

    [Fact]
    public void Method_is_versioned()
    {
        Assert.Equal("rake-1", Keyphrases.Method);
    }
}
