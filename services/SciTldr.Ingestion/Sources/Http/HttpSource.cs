namespace SciTldr.Ingestion.Sources;

/// <summary>
/// An open <c>http(s)://</c> source: what the first response said about it (for bookmarks and the run
/// manifest) and its body as a read-only stream that resumes by itself after interruptions.
/// </summary>
public sealed class HttpSource : IAsyncDisposable, IDisposable
{
    private readonly ResumingHttpStream _content;

    internal HttpSource(Uri address, RepresentationValidators validators, string? contentType, ResumingHttpStream content)
    {
        Address = address;
        ETag = validators.ETag;
        LastModified = validators.LastModified;
        ContentLength = validators.ContentLength;
        ContentType = contentType;
        _content = content;
    }

    /// <summary>The address the body came from, after redirects.</summary>
    public Uri Address { get; }

    /// <summary>The ETag header exactly as sent (quotes and <c>W/</c> included), or null.</summary>
    public string? ETag { get; }

    public DateTimeOffset? LastModified { get; }

    /// <summary>
    /// The length of the body in bytes, when the server said it. Null when the HTTP handler decoded a
    /// Content-Encoding (the header gave the encoded length).
    /// </summary>
    public long? ContentLength { get; }

    public string? ContentType { get; }

    /// <summary>The body: read-only, not seekable, read as it arrives.</summary>
    public Stream Content => _content;

    /// <summary>How many times the body was picked up again after an interruption so far.</summary>
    public int Resumes => _content.Resumes;

    public void Dispose() => _content.Dispose();

    public ValueTask DisposeAsync() => _content.DisposeAsync();
}
