namespace SciTldr.Domain.Quality.RunLevel;

/// <summary>
/// A private directory under the temp path for the files a run-level pass spills (what the rules must see of
/// every row of the run), deleted with everything in it on dispose. Created on first use.
/// </summary>
public sealed class ScratchDirectory : IDisposable
{
    private readonly string _parent;
    private string? _path;
    private int _files;

    public ScratchDirectory(string? parent = null)
    {
        _parent = parent ?? System.IO.Path.GetTempPath();
    }

    /// <summary>The directory, while it exists (null before the first file and after dispose).</summary>
    public string? Path => _path;

    /// <summary>Creates a new empty file in the directory, open for reading and writing.</summary>
    public FileStream Create(string name, int bufferSize = 1 << 16)
    {
        ObjectDisposedException.ThrowIf(_files < 0, this);
        _path ??= Directory.CreateDirectory(System.IO.Path.Combine(_parent, $"scitldr-scratch-{Guid.NewGuid():N}")).FullName;
        _files++;
        return new FileStream(System.IO.Path.Combine(_path, $"{_files:D4}-{name}"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize);
    }

    public void Dispose()
    {
        _files = -1;
        if (_path is { } path)
        {
            _path = null;
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a file still held open elsewhere stays for the temp cleaner; nothing reads it again.
            }
        }
    }
}
