namespace SciTldr.Domain.Features;

/// <summary>Whitespace tokenization, the one the reference figures of the data set use.</summary>
/// <remarks>
/// A token is a maximal run of non-whitespace characters, as Python's <c>str.split()</c> without
/// arguments defines it; so leading, trailing and repeated whitespace never make empty tokens.
/// </remarks>
public static class Tokenizer
{
    public static int CountWhitespaceTokens(string? text) =>
        text is null ? 0 : CountWhitespaceTokens(text.AsSpan());

    public static int CountWhitespaceTokens(ReadOnlySpan<char> text)
    {
        var count = 0;
        var inToken = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inToken = false;
            }
            else if (!inToken)
            {
                inToken = true;
                count++;
            }
        }

        return count;
    }

    /// <summary>Characters as a person counts them: Unicode scalar values, so a surrogate pair is one.</summary>
    public static int CountCharacters(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        var lowSurrogates = 0;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                lowSurrogates++;
            }
        }

        return text.Length - lowSurrogates;
    }

    /// <summary>True when the text has no token at all (null, empty or whitespace only).</summary>
    public static bool IsBlank(string? text) => string.IsNullOrWhiteSpace(text);
}
