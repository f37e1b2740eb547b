namespace SciTldr.Ingestion.Sources;

/// <summary>Opens an http(s) source for streaming (retries, resumption and timeouts are the opener's business).</summary>
public interface IHttpSourceOpener
{
    /// <summary>Throws SourceUnavailableException when the source cannot be read (after the retries it makes).</summary>
    Task<OpenedHttpSource> OpenAsync(Uri address, CancellationToken cancellationToken);
}

/// <summary>An open http(s) source: the body as a stream, and the validators the server sent.</summary>
public sealed record OpenedHttpSource(Stream Content, string? ETag, DateTimeOffset? LastModified, long? ContentLength) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
