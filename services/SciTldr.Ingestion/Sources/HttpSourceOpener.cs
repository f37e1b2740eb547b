using SciTldr.Lake;
using Microsoft.Extensions.Options;

namespace SciTldr.Ingestion.Sources;

/// <summary>The ingestion's http(s) sources through <see cref="HttpSourceReader"/>: retried, resumed, streamed.</summary>
public sealed class HttpSourceOpener : IHttpSourceOpener
{
    private readonly HttpSourceReader _reader;

    public HttpSourceOpener(HttpClient client, IOptions<HttpSourceOptions> options, ILogger<HttpSourceReader> logger)
    {
        _reader = new HttpSourceReader(client, options.Value, logger);
    }

    public async Task<OpenedHttpSource> OpenAsync(Uri address, CancellationToken cancellationToken)
    {
        var source = await _reader.OpenAsync(address, cancellationToken);
        return new OpenedHttpSource(new OwningStream(source), source.ETag, source.LastModified, source.ContentLength);
    }

    /// <summary>The source's content stream, disposing the whole source (response and all) with it.</summary>
    private sealed class OwningStream(HttpSource source) : ReadOnlyStream
    {
                        public override int Read(byte[] buffer, int offset, int count) => source.Content.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => source.Content.Read(buffer);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            source.Content.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            source.Content.ReadAsync(buffer, cancellationToken);

                    protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                source.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await source.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
