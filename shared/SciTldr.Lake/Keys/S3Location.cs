using System.Text.RegularExpressions;

namespace SciTldr.Lake;

/// <summary>
/// An <c>s3://bucket/key</c> reference. Parsed by hand rather than with <see cref="Uri"/>, because Uri
/// normalizes '..' segments away and would hide a traversal attempt instead of rejecting it.
/// </summary>
public readonly partial record struct S3Location(string Bucket, string Key)
{
    public const string Scheme = "s3://";

    /// <summary>Parses an <c>s3://bucket/key</c> URI; the key must pass <see cref="LakeKey.ValidatePath"/>.</summary>
    public static S3Location Parse(string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            throw new InvalidLakeKeyException(string.Empty, "the URI is empty", "S3 URI");
        }

        if (!uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var colon = uri.IndexOf(':', StringComparison.Ordinal);
            var reason = colon > 0 ? $"scheme '{uri[..colon]}' is not '{Scheme[..^3]}'" : $"expected '{Scheme}bucket/key'";
            throw new InvalidLakeKeyException(uri, reason, "S3 URI");
        }

        var rest = uri[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            throw new InvalidLakeKeyException(uri, "no object key after the bucket", "S3 URI");
        }

        var bucket = rest[..slash];
        if (!IsValidBucketName(bucket))
        {
            throw new InvalidLakeKeyException(uri, $"'{bucket}' is not a valid bucket name", "S3 URI");
        }

        var key = rest[(slash + 1)..];
        try
        {
            return new S3Location(bucket, LakeKey.ValidatePath(key));
        }
        catch (InvalidLakeKeyException e)
        {
            throw new InvalidLakeKeyException(uri, e.Reason, "S3 URI");
        }
    }

    /// <summary>Parses <paramref name="uri"/> and rejects any bucket other than <paramref name="expectedBucket"/>.</summary>
    public static S3Location Parse(string? uri, string expectedBucket)
    {
        var location = Parse(uri);
        if (!string.Equals(location.Bucket, expectedBucket, StringComparison.Ordinal))
        {
            throw new InvalidLakeKeyException(uri!, $"bucket '{location.Bucket}' is not the lake bucket '{expectedBucket}'", "S3 URI");
        }

        return location;
    }

    /// <summary>Parses <paramref name="uri"/>, requires <paramref name="expectedBucket"/>, and validates the key as a key of <paramref name="area"/>.</summary>
    public static S3Location Parse(string? uri, string expectedBucket, LakeArea area)
    {
        var location = Parse(uri, expectedBucket);
        try
        {
            LakeKey.Validate(location.Key, area);
        }
        catch (InvalidLakeKeyException e)
        {
            throw new InvalidLakeKeyException(uri!, e.Reason, "S3 URI");
        }

        return location;
    }

    /// <summary>S3's bucket naming rules: 3-63 lowercase letters, digits, '.' and '-', alphanumeric at both ends.</summary>
    public static bool IsValidBucketName(string? bucket) =>
        bucket is not null && BucketPattern().IsMatch(bucket) && !bucket.Contains("..", StringComparison.Ordinal);

    public override string ToString() => $"{Scheme}{Bucket}/{Key}";

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex BucketPattern();
}
