using System.Text.RegularExpressions;
using SciTldr.Domain.Enrichment;
using Xunit.Abstractions;

namespace SciTldr.Domain.Tests.Enrichment;

public sealed partial class ResearchAreasTests(ITestOutputHelper output)
{
    /// <summary>One sentence typical of each area, written by hand (not taken from the data set).</summary>
    public static TheoryData<string, string> TypicalSentences => new()
    {
        { "reinforcement-learning", "The agent maximizes its cumulative reward in the environment." },
        { "natural-language-processing", "We train a language model on a large text corpus." },
        { "computer-vision", "Our detector improves object detection on natural images." },
        { "generative-models", "A generative adversarial network synthesizes realistic samples." },
        { "graph-neural-networks", "A graph neural network predicts properties of molecules." },
        { "optimization", "We analyze the convergence of stochastic gradient descent." },
        { "learning-theory", "We derive a generalization bound for overparameterized networks." },
        { "adversarial-robustness", "Small adversarial perturbations fool the classifier." },
        { "meta-learning", "The model adapts to new tasks in a few-shot setting." },
        { "transfer-learning", "We study domain adaptation from a labeled source to a new target." },
        { "federated-learning", "Many clients train a shared model in a federated setting." },
        { "privacy", "Training with differential privacy protects individual records." },
        { "interpretability", "Saliency maps provide explanations of the predictions." },
        { "representation-learning", "We learn disentangled representations of the factors of variation." },
        { "bayesian-methods", "A bayesian neural network estimates predictive uncertainty." },
        { "speech-audio", "An end-to-end model for speech recognition from raw audio." },
        { "robotics-control", "A robot learns manipulation skills from demonstrations." },
        { "continual-learning", "The network suffers from catastrophic forgetting when tasks arrive in sequence." },
        { "self-supervised-learning", "Contrastive self-supervised pretraining uses unlabeled data." },
        { "neural-architecture-search", "Neural architecture search finds an efficient cell." },
        { "fairness-ethics", "The classifier must treat demographic groups with fairness." },
        { "compression-efficiency", "We apply pruning and quantization to shrink the model." },
        { "time-series", "We forecast a multivariate time series with a recurrent model." },
        { "recommender-systems", "A recommender ranks items by predicted user preferences." },
        { "neuroscience", "A biologically plausible learning rule inspired by the brain." },
    };

    [Theory]
    [MemberData(nameof(TypicalSentences))]
    public void Each_area_tags_a_sentence_typical_of_it(string areaId, string sentence)
    {
        Assert.Contains(areaId, ResearchAreas.Tag(SplitTexts.Tokens(sentence)));
    }

    [Fact]
    public void Every_area_has_a_typical_sentence_under_test()
    {
        var tested = TypicalSentences.Select(row => (string)row[0]).ToHashSet();

        Assert.Equal(ResearchAreas.All.Select(a => a.Id).Order(), tested.Order());
    }

    [Fact]
    public void Policy_gradient_is_reinforcement_learning()
    {
        Assert.Equal(["reinforcement-learning"], ResearchAreas.Tag(SplitTexts.Tokens("We study policy gradient methods")));
    }

    [Fact]
    public void Multi_word_terms_match_only_as_consecutive_tokens()
    {
        Assert.Empty(ResearchAreas.Tag(["policy", "and", "gradient"]));
        Assert.Empty(ResearchAreas.Tag(["gradient", "policy"]));
        Assert.Empty(ResearchAreas.Tag(["policy"]));
        Assert.Equal(["reinforcement-learning"], ResearchAreas.Tag(["policy", "gradient"]));
    }

    [Fact]
    public void A_multi_word_term_cut_off_by_the_end_of_the_tokens_does_not_match()
    {
        Assert.Equal(["graph-neural-networks"], ResearchAreas.Tag(["a", "graph", "neural"]));
        Assert.Empty(ResearchAreas.Tag(new[] { "knowledge", "distillation" }.AsSpan(0, 1)));
    }

    [Fact]
    public void Areas_come_in_lexicon_order_once_each_whatever_the_token_order()
    {
        var tags = ResearchAreas.Tag(SplitTexts.Tokens("images of speech; the image, the agent, the speech and the agents"));

        Assert.Equal(["reinforcement-learning", "computer-vision", "speech-audio"], tags);
    }

    [Fact]
    public void Hyphenated_tokens_match_through_their_parts()
    {
        Assert.Equal(["generative-models"], ResearchAreas.Tag(["gan-based"]));
        Assert.Equal(["reinforcement-learning"], ResearchAreas.Tag(["multi-agent"]));
        Assert.Equal(["meta-learning"], ResearchAreas.Tag(["few-shot"]));
    }

    [Fact]
    public void Tokens_without_lexicon_terms_get_no_area()
    {
        Assert.Empty(ResearchAreas.Tag([]));
        Assert.Empty(ResearchAreas.Tag(SplitTexts.Tokens("The weather was pleasant all week.")));
    }

    [Fact]
    public void Lexicon_is_a_small_curated_list_of_lower_case_terms()
    {
        Assert.Equal("2026.1", ResearchAreas.LexiconVersion);
        Assert.InRange(ResearchAreas.All.Count, 15, 25);
        Assert.Equal(ResearchAreas.All.Count, ResearchAreas.All.Select(a => a.Id).Distinct().Count());
        foreach (var area in ResearchAreas.All)
        {
            Assert.Matches(KebabCase(), area.Id);
            Assert.False(string.IsNullOrWhiteSpace(area.Name));
            Assert.InRange(area.Terms.Count, 5, 20);
            Assert.Equal(area.Terms.Count, area.Terms.Distinct().Count());
            Assert.All(area.Terms, term => Assert.Matches(LexiconTerm(), term));
        }
    }

    [Fact]
    public void At_least_four_in_five_dev_papers_get_an_area()
    {
        var papers = SplitTexts.DevPapers;
        var counts = new Dictionary<string, int>();
        var tagged = 0;
        var tags = 0;
        foreach (var paper in papers)
        {
            var areas = ResearchAreas.Tag(SplitTexts.Tokens(paper.Document));
            if (areas.Count > 0)
            {
                tagged++;
            }

            tags += areas.Count;

            foreach (var area in areas)
            {
                counts[area] = counts.GetValueOrDefault(area) + 1;
            }
        }

        var coverage = (double)tagged / papers.Count;
        output.WriteLine($"dev: {tagged}/{papers.Count} papers tagged ({coverage:P1}), {(double)tags / papers.Count:F2} areas per paper");
        foreach (var (area, count) in counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {area,-28} {count,4} ({(double)count / papers.Count:P1})");
        }

        Assert.True(coverage >= 0.8, $"only {coverage:P1} of dev papers got an area");
    }

    [GeneratedRegex("^[a-z]+(-[a-z]+)*$")]
    private static partial Regex KebabCase();

    [GeneratedRegex("^[a-z0-9]+([-'][a-z0-9]+)*( [a-z0-9]+([-'][a-z0-9]+)*)*$")]
    private static partial Regex LexiconTerm();
}
