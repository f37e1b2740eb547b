using Amazon.S3.Model;

namespace SciTldr.Lake;

/// <summary>
/// The body of a GetObject response, read straight off the connection. It owns the response: disposing the
/// stream releases the HTTP connection. Faults while reading surface to the reader (the open was retried, the
/// read cannot be without starting over).
/// </summary>
internal sealed class S3ObjectReadStream(GetObjectResponse response) : ReadOnlyStream
{
    private readonly Stream _body = response.ResponseStream;

    public override long Length => throw new NotSupportedException("The object is streamed; use the content length of the response.");

    public override int Read(byte[] buffer, int offset, int count) => _body.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _body.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _body.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _body.ReadAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}
