using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;

namespace SciTldr.Lake;

/// <summary>
/// Access to the lake bucket. Every call goes through the retry pipeline of <see cref="LakeResilience"/>;
/// writes carry no per-write metadata, so the same bytes written to the same key give the same object,
/// which is what makes redelivered messages harmless.
/// </summary>
public sealed class S3Lake
{
    /// <summary>camelCase JSON, case-insensitive on read: the format of every JSON document in the lake.</summary>
    public static JsonSerializerOptions DefaultJsonOptions => JsonSerializerOptions.Web;

    private readonly IAmazonS3 _s3;
    private readonly LakeOptions _options;
    private readonly ResiliencePipeline _pipeline;

    public S3Lake(IAmazonS3 s3, IOptions<LakeOptions> options, ILogger<S3Lake>? logger = null)
    {
        _s3 = s3;
        _options = options.Value;
        _pipeline = LakeResilience.CreatePipeline(_options, logger ?? NullLogger<S3Lake>.Instance);
    }

    public string Bucket => _options.Bucket;

    /// <summary>The <c>s3://</c> URI of a key in the lake bucket.</summary>
    public S3Location LocationOf(string key) => new(Bucket, LakeKey.ValidatePath(key));

    /// <summary>The key of an <c>s3://</c> URI from a message, which must point into this lake's bucket and <paramref name="area"/>.</summary>
    public string KeyOf(string? s3Uri, LakeArea area) => S3Location.Parse(s3Uri, Bucket, area).Key;

    /// <summary>
    /// Opens an object for streaming: the returned stream is the live response body, never buffered whole, and
    /// disposing it releases the response. Throws <see cref="AmazonS3Exception"/> (404) when the key is missing.
    /// </summary>
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var request = new GetObjectRequest { BucketName = Bucket, Key = LakeKey.ValidatePath(key) };
        var response = await _pipeline.ExecuteAsync(
            static async (state, ct) => await state.s3.GetObjectAsync(state.request, ct),
            (s3: _s3, request),
            cancellationToken);
        return new S3ObjectReadStream(response);
    }

    /// <summary>Reads a whole object; meant for small documents (JSON, reports), not partitions.</summary>
    public async Task<byte[]> GetBytesAsync(string key, CancellationToken cancellationToken = default)
    {
        var request = new GetObjectRequest { BucketName = Bucket, Key = LakeKey.ValidatePath(key) };

        // The whole read is inside the pipeline: a connection dropped half-way is retried from the start.
        return await _pipeline.ExecuteAsync(
            static async (state, ct) =>
            {
                using var response = await state.s3.GetObjectAsync(state.request, ct);
                using var buffer = response.ContentLength is > 0 and <= int.MaxValue
                    ? new MemoryStream((int)response.ContentLength)
                    : new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer, ct);
                return buffer.ToArray();
            },
            (s3: _s3, request),
            cancellationToken);
    }

    /// <summary>
    /// Reads a whole object into <paramref name="destination"/>, replacing what it held and leaving it at
    /// position 0. A caller reading many objects one after another reuses one buffer instead of allocating a
    /// large one per object (large-object-heap garbage that the GC is slow to return). Retried from the start
    /// like <see cref="GetBytesAsync"/>.
    /// </summary>
    public async Task ReadIntoAsync(string key, MemoryStream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var request = new GetObjectRequest { BucketName = Bucket, Key = LakeKey.ValidatePath(key) };
        await _pipeline.ExecuteAsync(
            static async (state, ct) =>
            {
                state.destination.SetLength(0);
                using var response = await state.s3.GetObjectAsync(state.request, ct);
                await response.ResponseStream.CopyToAsync(state.destination, ct);
                state.destination.Position = 0;
            },
            (s3: _s3, request, destination),
            cancellationToken);
    }

    /// <summary>Reads and deserializes a JSON object, or returns null when the key does not exist.</summary>
    public async Task<T?> TryGetJsonAsync<T>(string key, JsonSerializerOptions? jsonOptions = null, CancellationToken cancellationToken = default)
        where T : class
    {
        var request = new GetObjectRequest { BucketName = Bucket, Key = LakeKey.ValidatePath(key) };
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (state, ct) =>
                {
                    using var response = await state.s3.GetObjectAsync(state.request, ct);
                    return await JsonSerializer.DeserializeAsync<T>(response.ResponseStream, state.jsonOptions, ct);
                },
                (s3: _s3, request, jsonOptions: jsonOptions ?? DefaultJsonOptions),
                cancellationToken);
        }
        catch (AmazonS3Exception e) when (IsMissingKey(e))
        {
            return null;
        }
    }

    public Task PutBytesAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        LakeKey.ValidatePath(key);
        var segment = MemoryMarshal.TryGetArray(content, out var array) ? array : new ArraySegment<byte>(content.ToArray());
        return PutAsync(
            key,
            static segment => new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false),
            segment,
            cancellationToken);
    }

    public Task PutJsonAsync<T>(string key, T value, JsonSerializerOptions? jsonOptions = null, CancellationToken cancellationToken = default) =>
        PutBytesAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, jsonOptions ?? DefaultJsonOptions), cancellationToken);

    /// <summary>Uploads a local file; it is reopened for every attempt.</summary>
    public async Task PutFileAsync(string key, string path, CancellationToken cancellationToken = default)
    {
        LakeKey.ValidatePath(key);
        if (new FileInfo(path).Length > _options.MultipartPartBytes)
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await PutMultipartAsync(key, file, 0, cancellationToken);
            return;
        }

        await PutAsync(
            key,
            static path => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, FileOptions.Asynchronous | FileOptions.SequentialScan),
            path,
            cancellationToken);
    }

    /// <summary>
    /// Uploads <paramref name="content"/> from its current position to its end. The stream must be seekable so
    /// that a retried attempt can send it again; it is left open.
    /// </summary>
    public Task PutStreamAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        LakeKey.ValidatePath(key);
        if (!content.CanSeek)
        {
            throw new ArgumentException("The stream must be seekable so a retried upload can send it again.", nameof(content));
        }

        var start = content.Position;
        if (content.Length - start > _options.MultipartPartBytes)
        {
            return PutMultipartAsync(key, content, start, cancellationToken);
        }

        return PutAsync(
            key,
            static state =>
            {
                state.content.Position = state.start;
                return new WindowStream(state.content);
            },
            (content, start),
            cancellationToken);
    }

    /// <summary>True when the object exists (HEAD answers 200); false on 404.</summary>
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        var request = new GetObjectMetadataRequest { BucketName = Bucket, Key = LakeKey.ValidatePath(key) };
        try
        {
            await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.s3.GetObjectMetadataAsync(state.request, ct),
                (s3: _s3, request),
                cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>The object's ETag, size and modification time (HEAD); null when there is no such key.</summary>
    public async Task<LakeObject?> HeadAsync(string key, CancellationToken cancellationToken = default)
    {
        var request = new GetObjectMetadataRequest { BucketName = Bucket, Key = LakeKey.ValidatePath(key) };
        try
        {
            var response = await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.s3.GetObjectMetadataAsync(state.request, ct),
                (s3: _s3, request),
                cancellationToken);
            return new LakeObject(key, LakeObject.NormalizeETag(response.ETag), response.ContentLength, response.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : null);
        }
        catch (AmazonS3Exception e) when (IsMissingKey(e))
        {
            return null;
        }
    }

    /// <summary>Every object under <paramref name="prefix"/> with its ETag, size and modification time, in key order.</summary>
    public async IAsyncEnumerable<LakeObject> ListObjectsAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = ValidatePrefix(prefix) };
        while (true)
        {
            var response = await ListPageAsync(request, cancellationToken);
            foreach (var s3Object in response.S3Objects ?? [])
            {
                yield return new LakeObject(
                    s3Object.Key,
                    LakeObject.NormalizeETag(s3Object.ETag),
                    s3Object.Size ?? 0,
                    s3Object.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : null);
            }

            if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    /// <summary>Copies an object inside the lake bucket, server side (no bytes pass through this process).</summary>
    public Task CopyAsync(string sourceKey, string destinationKey, CancellationToken cancellationToken = default)
    {
        var request = new CopyObjectRequest
        {
            SourceBucket = Bucket,
            SourceKey = LakeKey.ValidatePath(sourceKey),
            DestinationBucket = Bucket,
            DestinationKey = LakeKey.ValidatePath(destinationKey),
        };
        return _pipeline.ExecuteAsync(
            static async (state, ct) => await state.s3.CopyObjectAsync(state.request, ct),
            (s3: _s3, request),
            cancellationToken).AsTask();
    }

    /// <summary>Every key under <paramref name="prefix"/>, in key order, page by page.</summary>
    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = ValidatePrefix(prefix) };
        while (true)
        {
            var response = await ListPageAsync(request, cancellationToken);

            // SDK v4 gives null, not an empty list, when a page holds no objects.
            foreach (var s3Object in response.S3Objects ?? [])
            {
                yield return s3Object.Key;
            }

            if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    /// <summary>
    /// The distinct "folders" directly under <paramref name="prefix"/> (each ending in <paramref name="delimiter"/>),
    /// e.g. <c>runs/R/</c> for every run when listing <see cref="LakeLayout.RunsPrefix"/>.
    /// </summary>
    public async IAsyncEnumerable<string> ListCommonPrefixesAsync(
        string prefix,
        string delimiter = "/",
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = ValidatePrefix(prefix), Delimiter = delimiter };
        while (true)
        {
            var response = await ListPageAsync(request, cancellationToken);
            foreach (var commonPrefix in response.CommonPrefixes ?? [])
            {
                yield return commonPrefix;
            }

            if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    /// <summary>Deletes an object; deleting a missing key succeeds (S3 semantics), so redelivery is harmless.</summary>
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var request = new DeleteObjectRequest { BucketName = Bucket, Key = LakeKey.ValidatePath(key) };
        return _pipeline.ExecuteAsync(
            static async (state, ct) => await state.s3.DeleteObjectAsync(state.request, ct),
            (s3: _s3, request),
            cancellationToken).AsTask();
    }

    /// <summary>
    /// Makes sure the lake bucket exists. Returns true when this call created it; throws when it is missing and
    /// <see cref="LakeOptions.CreateBucketIfMissing"/> is off (in AWS the bucket belongs to the infrastructure).
    /// </summary>
    public async Task<bool> EnsureBucketAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.s3.HeadBucketAsync(new HeadBucketRequest { BucketName = state.bucket }, ct),
                (s3: _s3, bucket: Bucket),
                cancellationToken);
            return false;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            if (!_options.CreateBucketIfMissing)
            {
                throw new InvalidOperationException(
                    $"The lake bucket '{Bucket}' does not exist and {LakeOptions.SectionName}:{nameof(LakeOptions.CreateBucketIfMissing)} is false.",
                    e);
            }
        }

        try
        {
            await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.s3.PutBucketAsync(new PutBucketRequest { BucketName = state.bucket }, ct),
                (s3: _s3, bucket: Bucket),
                cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "BucketAlreadyOwnedByYou")
        {
            // Another task created it between our HEAD and PUT; the bucket is there, which is all we need.
            return false;
        }
    }

    /// <summary>
    /// Uploads a seekable stream from <paramref name="start"/> in parts of <see cref="LakeOptions.MultipartPartBytes"/>,
    /// each retried on its own; the upload is aborted when a part fails for good, so no parts are left behind.
    /// </summary>
    private async Task PutMultipartAsync(string key, Stream content, long start, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key, ContentType = ContentTypes.For(key) };
        var upload = await _pipeline.ExecuteAsync(
            static async (state, ct) => await state.s3.InitiateMultipartUploadAsync(state.initiate, ct),
            (s3: _s3, initiate),
            cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            var buffer = new byte[_options.MultipartPartBytes];
            for (var offset = start; offset < content.Length; offset += buffer.Length)
            {
                var partNumber = parts.Count + 1;
                content.Position = offset;
                var length = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                var response = await _pipeline.ExecuteAsync(
                    static async (state, ct) =>
                    {
                        using var body = new MemoryStream(state.buffer, 0, state.length, writable: false);
                        return await state.s3.UploadPartAsync(
                            new UploadPartRequest
                            {
                                BucketName = state.bucket, Key = state.key, UploadId = state.uploadId,
                                PartNumber = state.partNumber, InputStream = body, PartSize = state.length,
                            },
                            ct);
                    },
                    (s3: _s3, bucket: Bucket, key, uploadId: upload.UploadId, partNumber, buffer, length),
                    cancellationToken);
                parts.Add(new PartETag(partNumber, response.ETag));
            }

            var complete = new CompleteMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = upload.UploadId, PartETags = parts };
            await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.s3.CompleteMultipartUploadAsync(state.complete, ct),
                (s3: _s3, complete),
                cancellationToken);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            try
            {
                await _s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = upload.UploadId }, CancellationToken.None);
            }
            catch (Amazon.Runtime.AmazonServiceException)
            {
                // Best effort: the original failure is what the caller needs; a lifecycle rule removes stale parts.
            }

            throw;
        }
    }

    private async Task PutAsync<TState>(string key, Func<TState, Stream> openContent, TState state, CancellationToken cancellationToken)
    {
        await _pipeline.ExecuteAsync(
            static async (context, ct) =>
            {
                await using var body = context.openContent(context.state);
                var request = new PutObjectRequest
                {
                    BucketName = context.bucket,
                    Key = context.key,
                    InputStream = body,
                    ContentType = ContentTypes.For(context.key),
                    AutoCloseStream = false,
                    AutoResetStreamPosition = false,
                };
                await context.s3.PutObjectAsync(request, ct);
            },
            (s3: _s3, bucket: Bucket, key, openContent, state),
            cancellationToken);
    }

    private async Task<ListObjectsV2Response> ListPageAsync(ListObjectsV2Request request, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            static async (state, ct) => await state.s3.ListObjectsV2Async(state.request, ct),
            (s3: _s3, request),
            cancellationToken);

    private static string ValidatePrefix(string prefix)
    {
        // A prefix may be empty (the whole bucket) or end in '/'; otherwise it follows the key rules.
        var trimmed = prefix.EndsWith('/') ? prefix[..^1] : prefix;
        if (trimmed.Length > 0)
        {
            LakeKey.ValidatePath(trimmed);
        }

        return prefix;
    }

    private static bool IsMissingKey(AmazonS3Exception exception) =>
        exception.StatusCode == HttpStatusCode.NotFound && exception.ErrorCode != "NoSuchBucket";
}
