namespace SciTldr.Domain.Text;

/// <summary>
/// The distinct tokens of one paper by id, as <see cref="TokenInterner"/> numbered them: their
/// characters one after another in a single array, so that a paper's tokens cost two allocations
/// rather than one string each. Strings are made only when asked for, once per token.
/// </summary>
internal sealed class TokenTable
{
    private readonly char[] chars;
    private readonly int[] starts;
    private string?[]? strings;

    /// <param name="chars">The tokens' characters, token after token.</param>
    /// <param name="starts">Where each token starts in <paramref name="chars"/>, and one more entry: the end of the last.</param>
    public TokenTable(char[] chars, int[] starts)
    {
        this.chars = chars;
        this.starts = starts;
    }

    public int Count => starts.Length - 1;

    public ReadOnlySpan<char> this[int id] => chars.AsSpan(starts[id], starts[id + 1] - starts[id]);

    /// <summary>The token with this id as a string, the same instance every time.</summary>
    public string String(int id)
    {
        var made = strings ??= new string?[Count];
        return made[id] ??= new string(this[id]);
    }

    /// <summary>The tokens with these ids, as strings.</summary>
    public string[] Strings(ReadOnlySpan<int> ids)
    {
        if (ids.IsEmpty)
        {
            return [];
        }

        var tokens = new string[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            tokens[i] = String(ids[i]);
        }

        return tokens;
    }
}
