using SciTldr.Domain.Text;

namespace SciTldr.Domain.Tests.Text;

/// <summary>The rules together, in order, and the fast path that leaves clean text alone.</summary>
public sealed class CombinedRulesTests
{
    [Theory]
    [InlineData("&ldquo;Deep&rdquo;   learning&nbsp;&mdash; a survey&hellip; ", "\"Deep\" learning - a survey...")]
    [InlineData("\uFEFF\u201CSelf\u2011supervised\u201D\u00A0\uFB01ne\u2010tuning\u2026\r\n", "\"Self-supervised\" fine-tuning...")]
    [InlineData("x &amp;lt; y\u2009\u2014\u200Bz", "x &lt; y -z")]
    public void Tldrs_and_titles_get_every_rule_but_latex(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("We get 50\\% gains~\\citep{x}&nbsp;on $\\mathcal{D}_{train}$.", "We get 50% gains on Dtrain.")]
    [InlineData("  The \\emph{\u201Cflow\u201D} of $\\ell_\\infty$\u2013robustness\n\n", "The \"flow\" of l∞-robustness")]
    [InlineData("$\\alpha$&ndash;$\\beta$ \\textit{trade\u00ADoff}", "α-β tradeoff")]
    [InlineData("a ~5% gain \u2014 see \\cite{k}.", "a ~5% gain - see.")]
    public void Abstract_sentences_get_every_rule(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeAbstract(input));
    }

    [Theory]
    [InlineData("We propose a simple method that works.")]
    [InlineData("State-of-the-art results on CIFAR-10 (93.5%) and ~10x speed-ups.")]
    [InlineData("x")]
    public void Clean_ascii_text_is_returned_without_copying(string input)
    {
        Assert.Same(input, TextNormalizer.Normalize(input));
        Assert.Same(input, TextNormalizer.NormalizeAbstract(input));
    }

    [Fact]
    public void Text_that_only_abstracts_would_change_is_left_alone_as_a_title()
    {
        const string title = "$\\textrm{D}^2$GAN: Few-Shot Learning";
        Assert.Same(title, TextNormalizer.Normalize(title));
        Assert.Equal("D2GAN: Few-Shot Learning", TextNormalizer.NormalizeAbstract(title));
    }

    [Theory]
    [InlineData("\u2019 \u00A0 \u200B x\u2026", "' x...")]
    [InlineData("ﬁ\u0007\u2033 \t", "fi\"")]
    public void Normalizing_twice_changes_nothing_more(string input, string expected)
    {
        var once = TextNormalizer.Normalize(input);
        Assert.Equal(expected, once);
        Assert.Equal(once, TextNormalizer.Normalize(once));
    }

    [Fact]
    public void A_double_encoded_entity_loses_one_level_per_pass()
    {
        // Decoding once is the rule, so this is the one input where a second pass still changes something.
        var once = TextNormalizer.Normalize("&amp;lt;");
        Assert.Equal("&lt;", once);
        Assert.Equal("<", TextNormalizer.Normalize(once));
    }
}
