namespace SciTldr.Lake;

/// <summary>An object's identity as S3 reports it: enough to tell one version of a source from another.</summary>
/// <param name="ETag">The entity tag without its quotes (S3 sends <c>"abc…"</c>).</param>
public sealed record LakeObject(string Key, string? ETag, long Size, DateTimeOffset? LastModified)
{
    /// <summary>An ETag with the surrounding quotes S3 puts on it removed (a weak <c>W/</c> prefix is kept).</summary>
    public static string? NormalizeETag(string? etag) =>
        string.IsNullOrEmpty(etag) ? null : etag.Length >= 2 && etag[0] == '"' && etag[^1] == '"' ? etag[1..^1] : etag;
}
