using System.Buffers;

namespace SciTldr.Domain.Text;

/// <summary>
/// A growable character buffer on memory rented from <see cref="ArrayPool{T}.Shared"/>: the hot
/// paths build their output here and allocate only the final string, and only when it differs.
/// Pass it by <c>ref</c>; call <see cref="Dispose"/> once.
/// </summary>
internal struct CharBuffer : IDisposable
{
    private char[] _chars;

    public CharBuffer(int capacity)
    {
        _chars = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 16));
        Length = 0;
    }

    public int Length { get; private set; }

    public readonly ReadOnlySpan<char> Written => _chars.AsSpan(0, Length);

    public readonly char Last => _chars[Length - 1];

    public void Append(char c)
    {
        if (Length == _chars.Length)
        {
            Grow(1);
        }

        _chars[Length++] = c;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (Length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars.AsSpan(Length));
        Length += text.Length;
    }

    public void ReplaceLast(char c) => _chars[Length - 1] = c;

    /// <summary>Drops trailing ASCII whitespace and no-break spaces.</summary>
    public void TrimEndSpaces()
    {
        while (Length > 0 && _chars[Length - 1] is ' ' or '\t' or '\n' or '\r' or '\u00A0')
        {
            Length--;
        }
    }

    public override readonly string ToString() => new(_chars, 0, Length);

    public void Dispose()
    {
        var chars = _chars;
        _chars = [];
        Length = 0;
        if (chars.Length > 0)
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private void Grow(int needed)
    {
        var larger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, Length + needed));
        _chars.AsSpan(0, Length).CopyTo(larger);
        ArrayPool<char>.Shared.Return(_chars);
        _chars = larger;
    }
}
