namespace SciTldr.Ingestion.Sources;

public enum SourceKind
{
    S3,
    Http,
}

/// <summary>One source object of a run, as resolved before reading: its address and what is known of its version.</summary>
/// <param name="Address">The canonical address: <c>s3://bucket/key</c> or the absolute http(s) URL.</param>
/// <param name="Key">The lake key, for S3 sources.</param>
public sealed record SourceRef(SourceKind Kind, string Address, string? Key, string? ETag, long? Size, DateTimeOffset? LastModified);
