using System.Collections.Frozen;

namespace SciTldr.Domain.Text;

/// <summary>What <see cref="LatexConverter"/> does with a control word.</summary>
internal enum LatexKind
{
    /// <summary>Replaced by <see cref="LatexCommand.Text"/> (a symbol, a letter, a space).</summary>
    Symbol,

    /// <summary>An operator name (<c>\log</c>): its text, set off from a preceding letter or digit.</summary>
    Function,

    /// <summary>A font or size switch (<c>\em</c>, <c>\bf</c>): dropped with the spaces after it.</summary>
    Switch,

    /// <summary>A delimiter sizer (<c>\left</c>, <c>\big</c>): dropped; the delimiter stays, an empty one (<c>.</c>) goes.</summary>
    Sizer,

    /// <summary>Its argument read as prose (<c>\emph</c>, <c>\text</c>, <c>\footnote</c>); <see cref="LatexCommand.Text"/> goes before it.</summary>
    ProseArgument,

    /// <summary>Its argument in the current mode (<c>\mathbf</c>, <c>\tilde</c>).</summary>
    Argument,

    /// <summary>Its argument exactly as written (<c>\url</c>).</summary>
    Verbatim,

    /// <summary>Its second argument, as prose (<c>\href{url}{text}</c>).</summary>
    SecondArgument,

    /// <summary>A citation or cross-reference: removed with the spaces before it.</summary>
    Reference,

    /// <summary><c>\frac{a}{b}</c>: a/b, each part bracketed unless it is letters or digits only.</summary>
    Fraction,

    /// <summary><c>\sqrt{x}</c>: √x, bracketed unless letters or digits only.</summary>
    Root,

    /// <summary>An accent named by a letter (<c>\c{c}</c>): its argument, then the combining mark in <see cref="LatexCommand.Text"/>.</summary>
    Accent,
}

internal readonly record struct LatexCommand(LatexKind Kind, string Text = "");

/// <summary>The control words <see cref="LatexConverter"/> knows; any other is left as written.</summary>
internal static class LatexCommands
{
    private static readonly FrozenDictionary<string, LatexCommand> Table = Build();

    /// <summary>Looks a control word up by its name (without the backslash), without allocating.</summary>
    public static readonly FrozenDictionary<string, LatexCommand>.AlternateLookup<ReadOnlySpan<char>> ByName =
        Table.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The combining mark for the accent written as <c>\'</c>, <c>\"</c> ..., or '\0'.</summary>
    public static char PunctuationAccent(char c) => c switch
    {
        '\'' => '\u0301',
        '`' => '\u0300',
        '^' => '\u0302',
        '"' => '\u0308',
        '~' => '\u0303',
        '=' => '\u0304',
        '.' => '\u0307',
        _ => '\0',
    };

    private static FrozenDictionary<string, LatexCommand> Build()
    {
        var table = new Dictionary<string, LatexCommand>(StringComparer.Ordinal);

        void Add(LatexKind kind, string text, params string[] names)
        {
            foreach (var name in names)
            {
                table.Add(name, new LatexCommand(kind, text));
            }
        }

        void Symbols(params (string Name, string Text)[] symbols)
        {
            foreach (var (name, text) in symbols)
            {
                table.Add(name, new LatexCommand(LatexKind.Symbol, text));
            }
        }

        // Greek, in the forms NFKC keeps (so \epsilon is ε, not ϵ, which NFKC would change anyway).
        Symbols(
            ("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"), ("epsilon", "ε"), ("varepsilon", "ε"),
            ("zeta", "ζ"), ("eta", "η"), ("theta", "θ"), ("vartheta", "θ"), ("iota", "ι"), ("kappa", "κ"),
            ("varkappa", "κ"), ("lambda", "λ"), ("mu", "μ"), ("nu", "ν"), ("xi", "ξ"), ("omicron", "ο"),
            ("pi", "π"), ("varpi", "π"), ("rho", "ρ"), ("varrho", "ρ"), ("sigma", "σ"), ("varsigma", "ς"),
            ("tau", "τ"), ("upsilon", "υ"), ("phi", "φ"), ("varphi", "φ"), ("chi", "χ"), ("psi", "ψ"),
            ("omega", "ω"), ("Gamma", "Γ"), ("Delta", "Δ"), ("Theta", "Θ"), ("Lambda", "Λ"), ("Xi", "Ξ"),
            ("Pi", "Π"), ("Sigma", "Σ"), ("Upsilon", "Υ"), ("Phi", "Φ"), ("Psi", "Ψ"), ("Omega", "Ω"));

        // Operators, relations, arrows and other math symbols.
        Symbols(
            ("times", "×"), ("cdot", "·"), ("div", "÷"), ("pm", "±"), ("mp", "∓"), ("ast", "∗"), ("star", "⋆"),
            ("circ", "∘"), ("bullet", "•"), ("leq", "≤"), ("le", "≤"), ("leqslant", "≤"), ("geq", "≥"), ("ge", "≥"),
            ("geqslant", "≥"), ("neq", "≠"), ("ne", "≠"), ("ll", "≪"), ("gg", "≫"), ("approx", "≈"),
            ("sim", "~"), ("simeq", "≃"), ("cong", "≅"), ("equiv", "≡"), ("propto", "∝"), ("triangleq", "≜"),
            ("in", "∈"), ("notin", "∉"), ("ni", "∋"), ("subset", "⊂"), ("subseteq", "⊆"), ("supset", "⊃"),
            ("supseteq", "⊇"), ("cup", "∪"), ("cap", "∩"), ("setminus", "∖"), ("emptyset", "∅"),
            ("varnothing", "∅"), ("forall", "∀"), ("exists", "∃"), ("neg", "¬"), ("lnot", "¬"), ("wedge", "∧"),
            ("land", "∧"), ("vee", "∨"), ("lor", "∨"), ("oplus", "⊕"), ("otimes", "⊗"), ("odot", "⊙"),
            ("perp", "⊥"), ("bot", "⊥"), ("top", "⊤"), ("parallel", "∥"), ("mid", "|"), ("vert", "|"),
            ("Vert", "‖"), ("to", "→"), ("rightarrow", "→"), ("leftarrow", "←"), ("gets", "←"),
            ("leftrightarrow", "↔"), ("Rightarrow", "⇒"), ("implies", "⇒"), ("Leftarrow", "⇐"),
            ("Leftrightarrow", "⇔"), ("iff", "⇔"), ("mapsto", "↦"), ("uparrow", "↑"), ("downarrow", "↓"),
            ("infty", "∞"), ("partial", "∂"), ("nabla", "∇"), ("sum", "∑"), ("prod", "∏"), ("int", "∫"),
            ("oint", "∮"), ("ell", "ℓ"), ("hbar", "ħ"), ("aleph", "ℵ"), ("prime", "′"), ("dagger", "†"),
            ("langle", "⟨"), ("rangle", "⟩"), ("lceil", "⌈"), ("rceil", "⌉"), ("lfloor", "⌊"), ("rfloor", "⌋"),
            ("ldots", "..."), ("dots", "..."), ("cdots", "..."), ("dotsc", "..."), ("dotsb", "..."),
            ("vdots", "..."), ("colon", ":"));

        // Prose symbols and letters.
        Symbols(
            ("LaTeX", "LaTeX"), ("TeX", "TeX"), ("ss", "ß"), ("o", "ø"), ("O", "Ø"), ("l", "ł"), ("L", "Ł"),
            ("ae", "æ"), ("AE", "Æ"), ("oe", "œ"), ("OE", "Œ"), ("aa", "å"), ("AA", "Å"), ("i", "ı"), ("j", "ȷ"),
            ("S", "§"), ("P", "¶"), ("copyright", "©"), ("textregistered", "®"), ("texttrademark", "™"),
            ("textendash", "-"), ("textemdash", "-"), ("textellipsis", "..."), ("textasciitilde", "~"),
            ("textbackslash", "\\"), ("textbar", "|"), ("textless", "<"), ("textgreater", ">"), ("textdegree", "°"),
            ("quad", " "), ("qquad", " "), ("enspace", " "), ("thinspace", " "), ("space", " "), ("newline", " "),
            ("linebreak", " "), ("par", " "));

        Add(LatexKind.Function, "", "log", "ln", "lg", "exp", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh",
            "tanh", "arcsin", "arccos", "arctan", "max", "min", "sup", "inf", "lim", "limsup", "liminf", "arg",
            "argmax", "argmin", "det", "dim", "ker", "deg", "gcd", "hom", "Pr", "mod", "bmod");

        Add(LatexKind.Switch, "", "em", "it", "bf", "sc", "rm", "tt", "sf", "sl", "up", "normalfont", "itshape",
            "bfseries", "scshape", "rmfamily", "ttfamily", "sffamily", "mdseries", "upshape", "slshape", "tiny",
            "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE", "huge", "Huge",
            "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "limits", "nolimits", "noindent",
            "centering", "nonumber", "notag");

        Add(LatexKind.Sizer, "", "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl",
            "Bigr", "biggl", "biggr", "Biggl", "Biggr", "bigm", "Bigm");

        Add(LatexKind.ProseArgument, "", "emph", "textit", "textbf", "texttt", "textrm", "textsf", "textsc",
            "textsl", "textup", "textmd", "textnormal", "text", "textsuperscript", "textsubscript", "mbox", "hbox",
            "underline", "uline");
        Add(LatexKind.ProseArgument, " ", "footnote");

        Add(LatexKind.Argument, "", "mathcal", "mathbf", "mathrm", "mathit", "mathsf", "mathtt", "mathbb",
            "mathfrak", "mathscr", "mathnormal", "boldsymbol", "bm", "operatorname", "tilde", "widetilde", "hat",
            "widehat", "bar", "overline", "vec", "dot", "ddot", "check", "breve", "acute", "grave",
            "overrightarrow", "overleftarrow", "underbrace", "overbrace");

        Add(LatexKind.Verbatim, "", "url", "path", "nolinkurl");
        Add(LatexKind.SecondArgument, "", "href");

        Add(LatexKind.Reference, "", "cite", "citep", "citet", "citealp", "citealt", "citeauthor", "citeyear",
            "citeyearpar", "citenum", "parencite", "textcite", "autocite", "footcite", "nocite", "ref", "eqref",
            "autoref", "cref", "Cref", "pageref", "label");

        Add(LatexKind.Fraction, "", "frac", "dfrac", "tfrac");
        Add(LatexKind.Root, "", "sqrt");

        Add(LatexKind.Accent, "\u0327", "c");
        Add(LatexKind.Accent, "\u030C", "v");
        Add(LatexKind.Accent, "\u0306", "u");
        Add(LatexKind.Accent, "\u030B", "H");
        Add(LatexKind.Accent, "\u0328", "k");
        Add(LatexKind.Accent, "\u030A", "r");

        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
