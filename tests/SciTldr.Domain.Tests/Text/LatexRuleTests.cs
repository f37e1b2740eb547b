using SciTldr.Domain.Text;

namespace SciTldr.Domain.Tests.Text;

/// <summary>Rule 2: LaTeX remnants in abstract sentences made readable, and left alone elsewhere.</summary>
public sealed class LatexRuleTests
{
    [Theory]
    [InlineData("where $x$ is given", "where x is given")]
    [InlineData("a ratio of $47.1$", "a ratio of 47.1")]
    [InlineData("display $$a+b$$ math", "display a+b math")]
    [InlineData("rate $O(1/T)$.", "rate O(1/T).")]
    public void Inline_math_loses_its_dollars(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeAbstract(input));
    }

    [Theory]
    [InlineData("$\\alpha$", "α")]
    [InlineData("$\\beta$", "β")]
    [InlineData("$\\gamma$", "γ")]
    [InlineData("$\\epsilon$", "ε")]
    [InlineData("$\\varepsilon$", "ε")]
    [InlineData("$\\theta$", "θ")]
    [InlineData("$\\lambda$", "λ")]
    [InlineData("$\\mu$", "μ")]
    [InlineData("$\\sigma$", "σ")]
    [InlineData("$\\phi$", "φ")]
    [InlineData("$\\omega$", "ω")]
    [InlineData("$\\Delta$", "Δ")]
    [InlineData("$\\Omega$", "Ω")]
    public void Greek_letter_macros_become_the_letters(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeAbstract(input));
    }

    [Theory]
    [InlineData("$3\\times$ faster", "3× faster")]
    [InlineData("$k \\leq n$", "k ≤ n")]
    [InlineData("$k \\geq n$", "k ≥ n")]
    [InlineData("$\\infty$", "∞")]
    [InlineData("$x \\sim p(x)$", "x ~ p(x)")]
    [InlineData("$f(\\cdot)$", "f(·)")]
    [InlineData("$9.8\\pm4.1$", "9.8±4.1")]
    [InlineData("$\\R^n \\to \\R$", "Rn → R")]
    public void Math_macros_become_symbols(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeAbstract(input));
    }

    [Fact]
    public void Ell_becomes_script_l_which_nfkc_reads_as_l()
    {
        Assert.Equal("l2-norm", TextNormalizer.NormalizeAbstract("$\\ell_2$-norm"));
    }

    [Theory]
    [InlineData("$x^{2}$", "x2")]
    [InlineData("$p_{t}$", "pt")]
    [InlineData("$x_i$", "xi")]
    [InlineData("$\\epsilon^{-4}$", "ε-4")]
    [InlineData("$g_{t-n}$", "gt-n")]
    public void Superscripts_and_subscripts_become_their_content(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeAbstract(input));
    }

    [Theory]
    [InlineData("$\\mathcal{X}$", "X")]
    [InlineData("$\\mathbf{x}$", "x")]
    [InlineData("$\\mathrm{ReLU}(x)$", "ReLU(x)")]
    [InlineData("$\\mathbb{R}^d$", "Rd")]
    [InlineData("$O(1/\\text{number of iterations})$", "O(1/number of iterations)")]
    [InlineData("$\\textrm{D}^2$GAN", "D2GAN")]
    public void Font_commands_in_math_become_their_content(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeAbstract(input));
    }

    [Theory]
    [InlineData("$\\frac{N}{B}$", "N/B")]
    [InlineData("$\\frac{2}{1-\\alpha}$", "2/(1-α)")]
    [InlineData("$1/\\sqrt{N}$", "1/√N")]
    [InlineData("$\\log(n)$", "log(n)")]
    [InlineData("$k\\log L$", "k log L")]
    [InlineData("$\\left(x\\right)$", "(x)")]
    public void Fractions_roots_and_operators_are_spelled_out(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeAbstract(input));
    }

    [Theory]
    [InlineData("as shown \\cite{smith2019}.", "as shown.")]
    [InlineData("prior work \\citep{a2019, b2020}, which", "prior work, which")]
    [InlineData("Recently \\citet{adebayo} questioned", "Recently questioned")]
    [InlineData("see Section \\ref{sec:intro} for", "see Section for")]
    [InlineData("in Equation \\eqref{eq:1}.", "in Equation.")]
    [InlineData("Results\\label{sec:results} follow", "Results follow")]
    [InlineData("proposed in~\\citep{daskalakis2017} for", "proposed in for")]
    [InlineData("as in \\citep[see][p. 3]{x}.", "as in.")]
    public void Citations_and_references_go_with_the_space_before_them(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeAbstract(input));
    }

    [Theory]
    [InlineData("an \\emph{improved} bound", "an improved bound")]
    [InlineData("the \\textit{student} network", "the student network")]
    [InlineData("\\textbf{reading modules} and", "reading modules and")]
    [InlineData("the \\texttt{seq2seq} code", "the seq2seq code")]
    [InlineData("at \\url{https://github.com/a/Certify_Topk}.", "at https://github.com/a/Certify_Topk.")]
    [InlineData("the {\\em drosophila} of", "the drosophila of")]
    [InlineData("up to \\textbf{180$\\times$} smaller", "up to 180× smaller")]
    public void Formatting_commands_keep_their_text(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeAbstract(input));
    }

    [Theory]
    [InlineData("97.2\\% accuracy", "97.2% accuracy")]
    [InlineData("R\\&D", "R&D")]
    [InlineData("snake\\_case", "snake_case")]
    [InlineData("\\#1 rank", "#1 rank")]
    [InlineData("costs \\$5", "costs $5")]
    public void Escaped_characters_become_the_character(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeAbstract(input));
    }

    [Theory]
    [InlineData("$a~b$", "a b")]
    [InlineData("named~\\emph{information field} behind", "named information field behind")]
    [InlineData("the \\emph{flow}~model", "the flow model")]
    [InlineData("where $n$~samples", "where n samples")]
    public void A_tilde_inside_math_or_next_to_a_command_is_a_space(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeAbstract(input));
    }

    [Theory]
    [InlineData("a ~10% speed-up with \\emph{fewer} steps", "a ~10% speed-up with fewer steps")]
    [InlineData("e.g.~tree-like data and $x$", "e.g.~tree-like data and x")]
    [InlineData("https://www.cs.toronto.edu/~huang/ and $x$", "https://www.cs.toronto.edu/~huang/ and x")]
    public void A_tilde_in_prose_stays(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeAbstract(input));
    }

    [Theory]
    [InlineData("Erd\\H{o}s", "Erdős")]
    [InlineData("the r\\^{o}le of", "the rôle of")]
    [InlineData("Polyak-\\L{}ojasiewicz", "Polyak-Łojasiewicz")]
    [InlineData("G\\\"odel", "Gödel")]
    public void Accents_combine_with_their_letter(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeAbstract(input));
    }

    [Theory]
    [InlineData("it costs $5 per unit")]
    [InlineData("an \\emph{open group")]
    [InlineData("a {b c")]
    [InlineData("a } b")]
    [InlineData("trailing backslash \\")]
    [InlineData("the \\hotpotqa dataset")]
    [InlineData("\\cite{unclosed")]
    public void Unbalanced_or_unknown_latex_is_left_as_it_is(string input)
    {
        Assert.Equal(input, TextNormalizer.NormalizeAbstract(input));
    }

    [Theory]
    [InlineData("prices of $5 and $10", "prices of $5 and $10")]
    [InlineData("prices of \\$5 and \\$10", "prices of $5 and $10")]
    [InlineData("each $x$ costs $5 or more", "each x costs $5 or more")]
    public void A_dollar_after_a_space_does_not_close_math(string input, string expected)
    {
        var once = TextNormalizer.NormalizeAbstract(input);
        Assert.Equal(expected, once);
        Assert.Equal(once, TextNormalizer.NormalizeAbstract(once));
    }

    [Fact]
    public void Math_inside_a_text_argument_inside_math_pairs_as_written()
    {
        Assert.Equal("(i.e., ≈ 33 million strategies)", TextNormalizer.NormalizeAbstract("(i.e., $\\approx \\text{$33$ million strategies}$)"));
    }

    [Fact]
    public void Titles_and_tldrs_keep_their_latex()
    {
        Assert.Equal("$\\alpha$-divergence \\emph{is} 10\\%", TextNormalizer.Normalize("$\\alpha$-divergence \\emph{is} 10\\%"));
    }

    [Fact]
    public void Arbitrary_latex_like_input_never_throws_and_loses_letters_only_to_citations()
    {
        string[] pieces = ["\\", "$", "$$", "{", "}", "^", "_", "~", "[", "]", "Q", "W", " ", "\\alpha", "\\emph{", "\\cite{",
            "\\frac", "\\sqrt", "\\'", "\\c", "\\left", "\\text{", "\\foo", "&amp;", "’", "\u200B", "K"];
        var random = new Random(20240601);
        for (var n = 0; n < 20_000; n++)
        {
            var input = string.Concat(Enumerable.Range(0, random.Next(1, 14)).Select(_ => pieces[random.Next(pieces.Length)]));
            var output = TextNormalizer.NormalizeAbstract(input);
            // Q, W and K appear in no command name: an input holding one has prose letters to keep.
            var hasLetters = input.AsSpan().ContainsAny("QWK");
            if (hasLetters && !input.Contains("\\cite{", StringComparison.Ordinal))
            {
                Assert.True(output.Any(char.IsLetter), $"'{input}' lost its letters: '{output}'");
            }
        }
    }
}
