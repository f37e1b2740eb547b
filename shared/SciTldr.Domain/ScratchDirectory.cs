namespace SciTldr.Domain;

/// <summary>
/// A private directory under the temp path for the files a pass spills when what it must remember grows with
/// the run (the run-level quality rules, ingestion's accepted ids), deleted with everything in it on dispose.
/// Created on first use.
/// </summary>
public sealed class ScratchDirectory : IDisposable
{
    /// <summary>How scratch directories are named, under their parent.</summary>
    public const string Prefix = "scitldr-scratch-";

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
        _path ??= Directory.CreateDirectory(System.IO.Path.Combine(_parent, $"{Prefix}{Guid.NewGuid():N}")).FullName;
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

    /// <summary>
    /// Deletes what a killed process left behind in <paramref name="parent"/>: scratch directories in which
    /// nothing was written for <paramref name="age"/>, and files as old matching <paramref name="filePatterns"/>
    /// (other temp files of the project, such as the lake's spool files). A pass at work writes its files
    /// continually, so only abandoned ones are that old. Returns the paths deleted; what cannot be deleted is
    /// left alone.
    /// </summary>
    public static IReadOnlyList<string> SweepStale(string parent, TimeSpan age, DateTimeOffset now, params string[] filePatterns)
    {
        var cutoff = now.UtcDateTime - age;
        var deleted = new List<string>();
        if (!Directory.Exists(parent))
        {
            return deleted;
        }

        foreach (var directory in Directory.EnumerateDirectories(parent, Prefix + "*"))
        {
            try
            {
                var newest = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                    .Select(File.GetLastWriteTimeUtc)
                    .Append(Directory.GetLastWriteTimeUtc(directory))
                    .Max();
                if (newest < cutoff)
                {
                    Directory.Delete(directory, recursive: true);
                    deleted.Add(directory);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another process's, or going away as we look: not ours to force.
            }
        }

        foreach (var file in filePatterns.SelectMany(pattern => Directory.EnumerateFiles(parent, pattern)))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff)
                {
                    File.Delete(file);
                    deleted.Add(file);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // As above.
            }
        }

        return deleted;
    }
}
