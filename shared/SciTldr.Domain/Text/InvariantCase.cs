using System.Buffers;
using System.Text;

namespace SciTldr.Domain.Text;

/// <summary>Invariant lower-casing, with the result of <see cref="MemoryExtensions.ToLowerInvariant"/>.</summary>
/// <remarks>
/// With invariant globalization (the project's setting) the runtime's span overload maps every
/// character through the Unicode case tables one at a time, about 1 ns a character; that was a
/// tenth of the feature extraction. ASCII, nearly all of the normalized corpus, only needs A–Z
/// mapped to a–z, which <see cref="Ascii.ToLower(ReadOnlySpan{char}, Span{char}, out int)"/> does
/// vectorized. It stops at the first non-ASCII character and the runtime does the rest; an ASCII
/// prefix never splits a surrogate pair, so the two together give the runtime's answer for any text.
/// </remarks>
internal static class InvariantCase
{
    /// <summary>Writes the lower-cased <paramref name="source"/> to the start of <paramref name="destination"/> (at least as long).</summary>
    public static void ToLower(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (Ascii.ToLower(source, destination, out var written) != OperationStatus.Done)
        {
            source[written..].ToLowerInvariant(destination[written..]);
        }
    }
}
