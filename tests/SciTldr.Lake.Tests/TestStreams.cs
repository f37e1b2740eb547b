using System.IO.Compression;
using System.Text;

namespace SciTldr.Lake.Tests;

/// <summary>One line as the tests compare it: text for ordinary lines, the length for oversize ones.</summary>
public sealed record ReadLine(long Number, string? Text, long Length, bool IsOversize);

internal static class TestStreams
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    public static async Task<List<ReadLine>> ReadAllAsync(Stream stream, int maxLineBytes = JsonlLineReader.DefaultMaxLineBytes)
    {
        var lines = new List<ReadLine>();
        await using var reader = new JsonlLineReader(stream, maxLineBytes);
        await reader.ForEachAsync(line => lines.Add(new ReadLine(
            line.Number,
            line.IsOversize ? null : Encoding.UTF8.GetString(line.Bytes),
            line.Length,
            line.IsOversize)));
        return lines;
    }

    public static Task<List<ReadLine>> ReadAllAsync(byte[] content, int maxLineBytes = JsonlLineReader.DefaultMaxLineBytes) =>
        ReadAllAsync(new MemoryStream(content), maxLineBytes);
}

/// <summary>Hands out at most one byte per read, like a very slow network: every buffer boundary gets exercised.</summary>
internal sealed class OneByteAtATimeStream(Stream inner) : ReadOnlyStream
{
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 1));

    public override int Read(Span<byte> buffer) => inner.Read(buffer[..Math.Min(buffer.Length, 1)]);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Generates <paramref name="length"/> bytes of 'x' followed by <paramref name="tail"/> without holding them in memory.</summary>
internal sealed class GeneratedLineStream(long length, byte[] tail) : ReadOnlyStream
{
    private long _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < length + tail.Length)
        {
            if (_position < length)
            {
                var run = (int)Math.Min(buffer.Length - written, length - _position);
                buffer.Slice(written, run).Fill((byte)'x');
                written += run;
                _position += run;
            }
            else
            {
                buffer[written++] = tail[_position - length];
                _position++;
            }
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
