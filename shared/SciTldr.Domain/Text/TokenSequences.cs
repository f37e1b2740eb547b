namespace SciTldr.Domain.Text;

/// <summary>
/// Tokens read as character spans, whether they are strings or ids into a <see cref="TokenTable"/>:
/// rules written once over this interface (style flags, research areas) serve both, and the JIT
/// compiles them separately for each struct, so the indirection costs nothing.
/// </summary>
internal interface ITokenSequence
{
    int Count { get; }

    ReadOnlySpan<char> this[int index] { get; }
}

/// <summary>Tokens as strings; a null token fails as a null string would.</summary>
internal readonly ref struct StringTokens(ReadOnlySpan<string> tokens) : ITokenSequence
{
    private readonly ReadOnlySpan<string> tokens = tokens;

    public int Count => tokens.Length;

    public ReadOnlySpan<char> this[int index]
    {
        get
        {
            var token = tokens[index];
            ArgumentNullException.ThrowIfNull(token);
            return token;
        }
    }
}

/// <summary>Tokens as ids into a <see cref="TokenTable"/>.</summary>
internal readonly ref struct TableTokens(TokenTable table, ReadOnlySpan<int> ids) : ITokenSequence
{
    private readonly ReadOnlySpan<int> ids = ids;

    public int Count => ids.Length;

    public ReadOnlySpan<char> this[int index] => table[ids[index]];
}
