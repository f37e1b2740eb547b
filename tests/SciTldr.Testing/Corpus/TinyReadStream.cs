namespace SciTldr.Testing.Corpus;

/// <summary>
/// Hands out 1 to 7 bytes per read, in a fixed pseudo-random order set by the seed, like a slow pipe: lines, UTF-8
/// sequences, gzip headers and trailers all end up split across reads at many different places.
/// </summary>
public sealed class TinyReadStream(Stream inner, uint seed = 1) : Stream
{
    private uint _state = seed == 0 ? 1 : seed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, NextCount(count));

    public override int Read(Span<byte> buffer) => inner.Read(buffer[..NextCount(buffer.Length)]);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, NextCount(count), cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer[..NextCount(buffer.Length)], cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int NextCount(int requested)
    {
        // xorshift32: deterministic, and cheap enough for one call per byte or so.
        _state ^= _state << 13;
        _state ^= _state >> 17;
        _state ^= _state << 5;
        return Math.Min(requested, 1 + (int)(_state % 7));
    }
}
