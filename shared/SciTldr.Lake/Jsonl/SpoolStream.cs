namespace SciTldr.Lake;

/// <summary>How spool files are named in the temp directory (so that what a killed process left can be found).</summary>
public static class SpoolFiles
{
    public const string Prefix = "scitldr-spool-";

    public const string Pattern = Prefix + "*.tmp";
}

/// <summary>
/// A read/write stream that keeps its bytes in memory up to a threshold and moves them to a temporary file
/// beyond it, so a large partition does not have to fit in memory. The file is deleted when the stream is disposed.
/// </summary>
internal sealed class SpoolStream(long memoryThresholdBytes) : Stream
{
    private Stream _current = new MemoryStream();

    /// <summary>The temporary file, once the content outgrew memory.</summary>
    public string? FilePath { get; private set; }

    public bool IsOnDisk => FilePath is not null;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => _current.Length;

    public override long Position
    {
        get => _current.Position;
        set => _current.Position = value;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!IsOnDisk && _current.Length + buffer.Length > memoryThresholdBytes)
        {
            MoveToDisk();
        }

        _current.Write(buffer);
    }

    public override int Read(byte[] buffer, int offset, int count) => _current.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _current.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _current.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _current.ReadAsync(buffer, offset, count, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => _current.Seek(offset, origin);

    public override void Flush() => _current.Flush();

    public override void SetLength(long value) => _current.SetLength(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current.Dispose();

            // DeleteOnClose already removed it; this covers platforms where that flag is best effort.
            if (FilePath is not null && File.Exists(FilePath))
            {
                File.Delete(FilePath);
            }
        }

        base.Dispose(disposing);
    }

    private void MoveToDisk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"{SpoolFiles.Prefix}{Guid.NewGuid():N}.tmp");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose);
        FilePath = path;
        var memory = (MemoryStream)_current;
        memory.Position = 0;
        memory.CopyTo(file);
        memory.Dispose();
        _current = file;
    }
}
