namespace SciTldr.Domain.Text;

/// <summary>
/// Rule 2 of the normalization (abstracts only): LaTeX remnants made readable. Inline math
/// (<c>$…$</c>, <c>$$…$$</c>) loses its dollars, its macros become symbols and its scripts and
/// groups their content; citations and references go with the space before them; formatting
/// commands keep their text; escaped characters become the character; a <c>~</c> becomes a space
/// inside math or next to a command, never in prose. Unknown commands, unbalanced braces and
/// unpaired dollars are left as written (an unknown command in math keeps its name): nothing throws and no text is lost.
/// </summary>
internal ref struct LatexConverter
{
    private const int MaxDepth = 32;

    private CharBuffer _output;
    private bool _afterCommand;
    private int _depth;

    private LatexConverter(int capacity)
    {
        _output = new CharBuffer(capacity);
    }

    /// <summary>True when <paramref name="text"/> has anything this rule could change.</summary>
    public static bool Applies(ReadOnlySpan<char> text) => text.ContainsAny('\\', '$');

    public static string Convert(string text)
    {
        var converter = new LatexConverter(text.Length + 16);
        try
        {
            converter.Emit(text, math: false);
            return converter._output.Written.SequenceEqual(text) ? text : converter._output.ToString();
        }
        finally
        {
            converter._output.Dispose();
        }
    }

    private void Emit(ReadOnlySpan<char> s, bool math)
    {
        if (_depth > MaxDepth)
        {
            Put(s);
            return;
        }

        _depth++;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            switch (c)
            {
                case '\\':
                    i = Command(s, i, math);
                    break;
                case '$' when !math && FindMath(s, i, out var contentStart, out var contentEnd, out var next):
                    Emit(s[contentStart..contentEnd], math: true);
                    _afterCommand = true;
                    i = next;
                    break;
                case '{':
                    i = Group(s, i, math);
                    break;
                case '^' or '_' when math:
                    i = Script(s, i);
                    break;
                case '~':
                    var tie = math || _afterCommand || StartsCommandOrMath(s, i + 1);
                    Put(tie ? ' ' : '~');
                    i++;
                    break;
                default:
                    Put(c);
                    i++;
                    break;
            }
        }

        _depth--;
    }

    private void Put(char c)
    {
        _output.Append(c);
        _afterCommand = false;
    }

    private void Put(scoped ReadOnlySpan<char> text)
    {
        _output.Append(text);
        _afterCommand = false;
    }

    /// <summary>Writes a command's own output; a <c>~</c> right after it is a tie, not prose.</summary>
    private void PutFromCommand(char c)
    {
        _output.Append(c);
        _afterCommand = true;
    }

    /// <inheritdoc cref="PutFromCommand(char)"/>
    private void PutFromCommand(scoped ReadOnlySpan<char> text)
    {
        _output.Append(text);
        _afterCommand = true;
    }

    private static bool StartsCommandOrMath(ReadOnlySpan<char> s, int i) =>
        i < s.Length && ((s[i] == '\\' && i + 1 < s.Length && char.IsAsciiLetter(s[i + 1]))
                         || (s[i] == '$' && FindMath(s, i, out _, out _, out _)));

    /// <summary>Handles the backslash at <paramref name="start"/>; returns where to go on.</summary>
    private int Command(ReadOnlySpan<char> s, int start, bool math)
    {
        var i = start + 1;
        if (i >= s.Length)
        {
            Put('\\');
            return i;
        }

        var c = s[i];
        if (char.IsAsciiLetter(c))
        {
            var end = i;
            while (end < s.Length && char.IsAsciiLetter(s[end]))
            {
                end++;
            }

            return ControlWord(s, start, s[i..end], end, math);
        }

        switch (c)
        {
            case '%' or '&' or '_' or '#' or '$' or '{' or '}':
                PutFromCommand(c);
                _afterCommand = false;
                return i + 1;
            case '\\' or ' ' or '\t' or '\n' or '\r' or ',' or ';' or ':' or '>':
                PutFromCommand(" ");
                return i + 1;
            case '!' or '/' or '-' or '@':
                _afterCommand = true;
                return i + 1;
            case '|':
                PutFromCommand("‖");
                return i + 1;
        }

        var mark = LatexCommands.PunctuationAccent(c);
        if (mark != '\0' && TryAccent(s, i + 1, mark, math, out var next))
        {
            return next;
        }

        Put('\\');
        return i;
    }

    private int ControlWord(ReadOnlySpan<char> s, int start, ReadOnlySpan<char> name, int end, bool math)
    {
        if (!LatexCommands.ByName.TryGetValue(name, out var command))
        {
            if (math)
            {
                // In math an unknown control word is almost always a symbol of the paper's own (\R, \Real): its name reads best.
                PutFromCommand(name);
                return end;
            }

            return Unknown(s, start, end);
        }

        switch (command.Kind)
        {
            case LatexKind.Symbol:
                PutFromCommand(command.Text);
                return SkipEmptyGroup(s, end);

            case LatexKind.Function:
                if (_output.Length > 0 && char.IsLetterOrDigit(_output.Last))
                {
                    _output.Append(' ');
                }

                PutFromCommand(name);
                return end;

            case LatexKind.Switch:
                _afterCommand = true;
                return SkipSpaces(s, end);

            case LatexKind.Sizer:
                var after = SkipSpaces(s, end);
                _afterCommand = true;
                return after < s.Length && s[after] == '.' ? after + 1 : after;

            case LatexKind.ProseArgument or LatexKind.Argument or LatexKind.Verbatim:
                var argumentAt = SkipStar(s, end);
                if (!ReadArgument(s, argumentAt, out var argument, out var afterArgument))
                {
                    return Unknown(s, start, end);
                }

                PutFromCommand(command.Text);
                if (command.Kind == LatexKind.Verbatim)
                {
                    _output.Append(argument);
                }
                else
                {
                    Emit(argument, math && command.Kind == LatexKind.Argument);
                }

                _afterCommand = true;
                return afterArgument;

            case LatexKind.SecondArgument:
                if (!ReadArgument(s, end, out _, out var afterFirst) || !ReadArgument(s, afterFirst, out var second, out var afterSecond))
                {
                    return Unknown(s, start, end);
                }

                Emit(second, math: false);
                _afterCommand = true;
                return afterSecond;

            case LatexKind.Reference:
                var referenceAt = SkipOptionalArguments(s, SkipStar(s, end));
                if (referenceAt < 0 || !ReadGroup(s, referenceAt, out _, out var afterReference))
                {
                    return Unknown(s, start, end);
                }

                _output.TrimEndSpaces();
                _afterCommand = true;
                return afterReference;

            case LatexKind.Fraction:
                if (!ReadArgument(s, end, out var numerator, out var afterNumerator)
                    || !ReadArgument(s, afterNumerator, out var denominator, out var afterDenominator))
                {
                    return Unknown(s, start, end);
                }

                EmitBracketed(numerator, math);
                _output.Append('/');
                EmitBracketed(denominator, math);
                _afterCommand = true;
                return afterDenominator;

            case LatexKind.Root:
                var rootAt = SkipOptionalArguments(s, end);
                if (rootAt < 0 || !ReadArgument(s, rootAt, out var radicand, out var afterRadicand))
                {
                    return Unknown(s, start, end);
                }

                _output.Append('√');
                EmitBracketed(radicand, math);
                _afterCommand = true;
                return afterRadicand;

            case LatexKind.Accent:
                return end < s.Length && s[end] == '{' && TryAccent(s, end, command.Text[0], math, out var accented)
                    ? accented
                    : Unknown(s, start, end);

            default:
                return Unknown(s, start, end);
        }
    }

    /// <summary>An unknown control word in prose, or one whose arguments are missing, stays exactly as written.</summary>
    private int Unknown(ReadOnlySpan<char> s, int start, int end)
    {
        PutFromCommand(s[start..end]);
        return end;
    }

    /// <summary>The accented character: its base, then the combining mark (NFKC composes the two).</summary>
    private bool TryAccent(ReadOnlySpan<char> s, int at, char mark, bool math, out int next)
    {
        if (!ReadArgument(s, at, out var argument, out next))
        {
            return false;
        }

        if (argument.IsEmpty)
        {
            // \^{} is the accent on its own.
            PutFromCommand(s[at - 1]);
            return true;
        }

        Emit(argument, math);
        if (_output.Length > 0 && _output.Last is 'ı' or 'ȷ')
        {
            // \'{\i}: the dotless i was only there to carry the accent.
            _output.ReplaceLast(_output.Last == 'ı' ? 'i' : 'j');
        }

        PutFromCommand(mark);
        return true;
    }

    /// <summary>A part of a fraction or root: as it is when letters or digits only, else in brackets.</summary>
    private void EmitBracketed(ReadOnlySpan<char> part, bool math)
    {
        var simple = !part.IsEmpty;
        foreach (var c in part)
        {
            simple &= char.IsLetterOrDigit(c);
        }

        if (simple)
        {
            Emit(part, math);
            return;
        }

        _output.Append('(');
        Emit(part, math);
        _output.Append(')');
    }

    /// <summary>A brace group: in math its braces only group; in prose they go when the group starts with a command (<c>{\em x}</c>).</summary>
    private int Group(ReadOnlySpan<char> s, int open, bool math)
    {
        if (!ReadGroup(s, open, out var content, out var next))
        {
            Put('{');
            return open + 1;
        }

        if (math)
        {
            Emit(content, math: true);
            _afterCommand = true;
            return next;
        }

        var inner = content.TrimStart(' ');
        if (inner.Length > 1 && inner[0] == '\\' && char.IsAsciiLetter(inner[1]))
        {
            Emit(content, math: false);
            _afterCommand = true;
            return next;
        }

        Put('{');
        return open + 1;
    }

    /// <summary><c>^</c> or <c>_</c> in math: the marker goes, a braced script keeps its content.</summary>
    private int Script(ReadOnlySpan<char> s, int marker)
    {
        if (ReadGroup(s, marker + 1, out var content, out var next))
        {
            Emit(content, math: true);
            _afterCommand = true;
            return next;
        }

        return marker + 1;
    }

    /// <summary>
    /// Finds the inline math that opens at <paramref name="open"/>: <c>$$…$$</c> or <c>$…$</c>, not empty.
    /// The closing dollar is the first one outside braces (so <c>$\text{$x$}$</c> pairs as written),
    /// or failing that the first one at all; a single one must also pass <see cref="CanClose"/>.
    /// </summary>
    private static bool FindMath(ReadOnlySpan<char> s, int open, out int contentStart, out int contentEnd, out int next)
    {
        if (open + 1 < s.Length && s[open + 1] == '$')
        {
            var displayClose = FindClosingDollar(s, open + 2, display: true);
            if (displayClose > open + 2)
            {
                (contentStart, contentEnd, next) = (open + 2, displayClose, displayClose + 2);
                return true;
            }
        }

        var close = FindClosingDollar(s, open + 1, display: false);
        if (close > open + 1)
        {
            (contentStart, contentEnd, next) = (open + 1, close, close + 1);
            return true;
        }

        contentStart = contentEnd = next = 0;
        return false;
    }

    private static int FindClosingDollar(ReadOnlySpan<char> s, int from, bool display)
    {
        var depth = 0;
        var first = -1;
        for (var j = from; j < s.Length; j++)
        {
            switch (s[j])
            {
                case '\\':
                    j++;
                    break;
                case '{':
                    depth++;
                    break;
                case '}' when depth > 0:
                    depth--;
                    break;
                case '$' when display ? j + 1 < s.Length && s[j + 1] == '$' : CanClose(s, j):
                    if (depth == 0)
                    {
                        return j;
                    }

                    if (first < 0)
                    {
                        first = j;
                    }

                    if (display)
                    {
                        j++;
                    }

                    break;
            }
        }

        return first;
    }

    /// <summary>
    /// A closing dollar has text right before it (half of Pandoc's rule; the other half, no digit
    /// right after, would break the data's own <c>$\pm$1</c>). So prose prices ("$5 and $10", also
    /// what <c>\$</c> becomes) do not pair, now or on a second pass.
    /// </summary>
    private static bool CanClose(ReadOnlySpan<char> s, int dollar) => !char.IsWhiteSpace(s[dollar - 1]);

    /// <summary>A balanced <c>{…}</c> at <paramref name="open"/>; escaped braces do not count.</summary>
    private static bool ReadGroup(ReadOnlySpan<char> s, int open, out ReadOnlySpan<char> content, out int next)
    {
        content = default;
        next = open;
        if (open >= s.Length || s[open] != '{')
        {
            return false;
        }

        var depth = 0;
        for (var j = open; j < s.Length; j++)
        {
            switch (s[j])
            {
                case '\\':
                    j++;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    if (--depth == 0)
                    {
                        content = s[(open + 1)..j];
                        next = j + 1;
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>A command's argument after optional spaces: a brace group, a control word or one character.</summary>
    private static bool ReadArgument(ReadOnlySpan<char> s, int at, out ReadOnlySpan<char> argument, out int next)
    {
        var i = SkipSpaces(s, at);
        argument = default;
        next = at;
        if (i >= s.Length)
        {
            return false;
        }

        var c = s[i];
        if (c == '{')
        {
            return ReadGroup(s, i, out argument, out next);
        }

        if (c is '}' or '$')
        {
            return false;
        }

        var end = i + 1;
        if (c == '\\' && end < s.Length)
        {
            end++;
            if (char.IsAsciiLetter(s[end - 1]))
            {
                while (end < s.Length && char.IsAsciiLetter(s[end]))
                {
                    end++;
                }
            }
        }
        else if (char.IsHighSurrogate(c) && end < s.Length && char.IsLowSurrogate(s[end]))
        {
            end++;
        }

        argument = s[i..end];
        next = end;
        return true;
    }

    /// <summary>Skips <c>[…]</c> optional arguments (and spaces); -1 when a bracket is unbalanced.</summary>
    private static int SkipOptionalArguments(ReadOnlySpan<char> s, int at)
    {
        var i = SkipSpaces(s, at);
        while (i < s.Length && s[i] == '[')
        {
            var close = s[i..].IndexOf(']');
            if (close < 0)
            {
                return -1;
            }

            i = SkipSpaces(s, i + close + 1);
        }

        return i;
    }

    private static int SkipStar(ReadOnlySpan<char> s, int at) => at < s.Length && s[at] == '*' ? at + 1 : at;

    private static int SkipEmptyGroup(ReadOnlySpan<char> s, int at) =>
        at + 1 < s.Length && s[at] == '{' && s[at + 1] == '}' ? at + 2 : at;

    private static int SkipSpaces(ReadOnlySpan<char> s, int at)
    {
        while (at < s.Length && s[at] is ' ' or '\t' or '\n' or '\r')
        {
            at++;
        }

        return at;
    }
}
