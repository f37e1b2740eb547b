namespace SciTldr.Domain.Tests.Metrics;

/// <summary>Test-side tokenization: lower-cased whitespace split, as the data set README's figures use.</summary>
internal static class Tokens
{
    public static string[] Of(string text) =>
        text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Fresh string instances with equal contents, so no test passes only because equal tokens
    /// happen to be the same (interned) object.
    /// </summary>
    public static string[] Copied(string text) => Array.ConvertAll(Of(text), t => new string(t.AsSpan()));
}
