using System.Net.Http.Headers;

namespace SciTldr.Ingestion.Sources;

/// <summary>
/// What identifies the bytes of the first response, so a later request can be trusted to continue them:
/// the validators exactly as the server sent them, and whether it offered byte ranges.
/// </summary>
internal sealed record RepresentationValidators(string? ETag, string? LastModifiedText, DateTimeOffset? LastModified, long? ContentLength, bool AcceptsRanges)
{
    public static RepresentationValidators Of(HttpResponseMessage response) => new(
        RawHeader(response.Headers, "ETag"),
        RawHeader(response.Content.Headers, "Last-Modified"),
        response.Content.Headers.LastModified,
        response.Content.Headers.ContentLength,
        response.Headers.AcceptRanges.Contains("bytes", StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// The <c>If-Range</c> value: a strong ETag, else Last-Modified (a weak ETag is not allowed there).
    /// </summary>
    public string? IfRange => ETag is { } etag && etag.StartsWith('"') ? etag : LastModifiedText;

    /// <summary>
    /// Whether a range request can continue where the body stopped. It needs the server's offer, a validator
    /// for <c>If-Range</c>, and a Content-Length: a handler that decodes a Content-Encoding drops the length,
    /// and then the bytes counted are decoded ones, which are not the offsets a range addresses.
    /// </summary>
    public bool CanResumeWithRange => AcceptsRanges && ContentLength is not null && IfRange is not null;

    /// <summary>Whether a second download can be checked to hold the same bytes as the first.</summary>
    public bool CanVerify => ETag is not null || LastModified is not null || ContentLength is not null;

    /// <summary>
    /// How a full (200) answer to a later request differs from the first one, or null when every validator
    /// the first answer had is there with the same value.
    /// </summary>
    public string? DifferenceFromFull(HttpResponseMessage response) =>
        Difference(Of(response), requireEach: true);

    /// <summary>
    /// How a 206 answer differs from the first response: its total length must be the same, and the
    /// validators it repeats must match (If-Range already made the server compare them).
    /// </summary>
    public string? DifferenceFromPartial(HttpResponseMessage response)
    {
        var partial = Of(response) with { ContentLength = response.Content.Headers.ContentRange?.Length };
        return Difference(partial, requireEach: false);
    }

    private string? Difference(RepresentationValidators later, bool requireEach)
    {
        if (ETag is not null && (later.ETag is not null || requireEach) && !string.Equals(ETag, later.ETag, StringComparison.Ordinal))
        {
            return $"ETag {ETag} is now {later.ETag ?? "absent"}";
        }

        if (LastModified is not null && (later.LastModified is not null || requireEach) && LastModified != later.LastModified)
        {
            return $"Last-Modified {LastModifiedText} is now {later.LastModifiedText ?? "absent"}";
        }

        if (ContentLength is not null && (later.ContentLength is not null || requireEach) && ContentLength != later.ContentLength)
        {
            return $"length {ContentLength} bytes is now {(later.ContentLength is { } length ? $"{length} bytes" : "unknown")}";
        }

        return null;
    }

    private static string? RawHeader(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) && values.Count > 0 ? values.ToString() : null;
}
