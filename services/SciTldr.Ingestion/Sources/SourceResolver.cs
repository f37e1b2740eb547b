using SciTldr.Lake;
using SciTldr.Messaging;

namespace SciTldr.Ingestion.Sources;

/// <summary>
/// Turns a source address into the objects a run reads: one S3 object, every object under an S3
/// prefix (in key order, so a run over a prefix is deterministic), or one HTTP resource.
/// </summary>
public sealed class SourceResolver
{
    private readonly S3Lake _lake;
    private readonly int _maxObjects;

    public SourceResolver(S3Lake lake, int maxObjects)
    {
        _lake = lake;
        _maxObjects = maxObjects;
    }

    /// <summary>Throws <see cref="PermanentMessageException"/> when nothing is there to read.</summary>
    public async Task<IReadOnlyList<SourceRef>> ResolveAsync(SourceAddress address, CancellationToken cancellationToken)
    {
        if (address.Kind == SourceKind.Http)
        {
            return [new SourceRef(SourceKind.Http, address.Text, null, null, null, null)];
        }

        var keyOrPrefix = address.KeyOrPrefix!;
        if (!keyOrPrefix.EndsWith('/') && await _lake.HeadAsync(keyOrPrefix, cancellationToken) is { } single)
        {
            return [ToRef(single)];
        }

        var prefix = keyOrPrefix.EndsWith('/') ? keyOrPrefix : keyOrPrefix + "/";
        var objects = new List<SourceRef>();
        await foreach (var item in _lake.ListObjectsAsync(prefix, cancellationToken))
        {
            // Zero-byte "folder" markers that consoles create are not data.
            if (item.Key.EndsWith('/') && item.Size == 0)
            {
                continue;
            }

            if (objects.Count == _maxObjects)
            {
                throw new PermanentMessageException(
                    $"more than {_maxObjects} objects under s3://{_lake.Bucket}/{prefix}; split the source into smaller prefixes (Ingestion:MaxObjectsPerRun)");
            }

            objects.Add(ToRef(item));
        }

        if (objects.Count == 0)
        {
            throw new PermanentMessageException(
                keyOrPrefix.EndsWith('/')
                    ? $"s3://{_lake.Bucket}/{prefix} does not exist (no objects under that prefix)"
                    : $"s3://{_lake.Bucket}/{keyOrPrefix} does not exist (no object with that key, and none under it as a prefix)");
        }

        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return objects;
    }

    private SourceRef ToRef(LakeObject item) =>
        new(SourceKind.S3, $"{S3Location.Scheme}{_lake.Bucket}/{item.Key}", item.Key, item.ETag, item.Size, item.LastModified);
}
