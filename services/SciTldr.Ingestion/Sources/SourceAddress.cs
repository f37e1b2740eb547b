using SciTldr.Lake;

namespace SciTldr.Ingestion.Sources;

/// <summary>
/// A run's <c>source</c> as a request gives it, checked before anything is read: an <c>s3://</c> object or
/// prefix under the lake bucket's <c>landing/</c>, or an absolute <c>http(s)://</c> URL.
/// </summary>
public sealed record SourceAddress(SourceKind Kind, string Text, string? KeyOrPrefix, Uri? Url)
{
    /// <summary>Parses and validates; throws <see cref="ArgumentException"/> with a reason a user can act on.</summary>
    public static SourceAddress Parse(string? source, string bucket)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new ArgumentException("the source is empty: give an s3://BUCKET/landing/… object or prefix, or an http(s):// URL");
        }

        source = source.Trim();
        if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(source, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
            {
                throw new ArgumentException($"'{source}' is not a valid http(s) URL");
            }

            if (!string.IsNullOrEmpty(url.UserInfo))
            {
                throw new ArgumentException("credentials in a source URL are not accepted (they would be stored in the run manifest)");
            }

            return new SourceAddress(SourceKind.Http, url.AbsoluteUri, null, url);
        }

        if (!source.StartsWith(S3Location.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{source}' is neither an s3:// nor an http(s):// address (local files are uploaded to landing/ by the CLI first)");
        }

        // A prefix may end in '/'; the object rules (no traversal, no encoding, the lake bucket, under landing/) apply to the rest.
        var isPrefix = source.EndsWith('/');
        var trimmed = isPrefix ? source.TrimEnd('/') : source;
        S3Location location;
        try
        {
            location = trimmed.Equals($"{S3Location.Scheme}{bucket}/landing", StringComparison.Ordinal)
                ? new S3Location(bucket, "landing")
                : S3Location.Parse(trimmed, bucket, LakeArea.Landing);
        }
        catch (InvalidLakeKeyException ex)
        {
            throw new ArgumentException($"source '{source}' rejected: {ex.Reason}", ex);
        }

        var keyOrPrefix = isPrefix || location.Key == "landing" ? location.Key + "/" : location.Key;
        return new SourceAddress(SourceKind.S3, $"{S3Location.Scheme}{bucket}/{keyOrPrefix}", keyOrPrefix, null);
    }
}
