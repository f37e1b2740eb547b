using SciTldr.Domain.Quality.RunLevel;

namespace SciTldr.Domain.Tests;

public sealed class ScratchDirectoryTests : IDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("scitldr-scratch-tests-").FullName;

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    [Fact]
    public void The_scratch_directory_is_made_on_first_use_and_gone_after_dispose()
    {
        var scratch = new ScratchDirectory(_parent);
        Assert.Null(scratch.Path);
        var values = new SpilledValues(scratch, "v");
        var path = scratch.Path!;
        Assert.True(Directory.Exists(path));
        Assert.Equal(2, Directory.GetFiles(path).Length);

        values.Dispose();
        scratch.Dispose();

        Assert.False(Directory.Exists(path));
        Assert.Throws<ObjectDisposedException>(() => scratch.Create("again"));
    }

    [Fact]
    public void Sweeping_deletes_only_scratch_and_spool_files_untouched_for_longer_than_the_age()
    {
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var old = now.UtcDateTime.AddHours(-30);
        string Scratch(string name, DateTime written, DateTime? fileWritten = null)
        {
            var directory = Directory.CreateDirectory(Path.Combine(_parent, ScratchDirectory.Prefix + name)).FullName;
            var file = Path.Combine(directory, "0001-values");
            File.WriteAllText(file, "x");
            File.SetLastWriteTimeUtc(file, fileWritten ?? written);
            Directory.SetLastWriteTimeUtc(directory, written);
            return directory;
        }

        var abandoned = Scratch("abandoned", old);
        var recentFile = Scratch("busy", old, fileWritten: now.UtcDateTime.AddMinutes(-1));   // a file still being written
        var fresh = Scratch("fresh", now.UtcDateTime.AddHours(-1));
        var oldSpool = Path.Combine(_parent, "scitldr-spool-0123.tmp");
        var newSpool = Path.Combine(_parent, "scitldr-spool-4567.tmp");
        var unrelated = Path.Combine(_parent, "someone-else.tmp");
        foreach (var file in new[] { oldSpool, newSpool, unrelated })
        {
            File.WriteAllText(file, "x");
            File.SetLastWriteTimeUtc(file, file == newSpool ? now.UtcDateTime : old);
        }

        var deleted = ScratchDirectory.SweepStale(_parent, TimeSpan.FromHours(24), now, "scitldr-spool-*.tmp");

        Assert.Equal([abandoned, oldSpool], deleted.Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(recentFile) && Directory.Exists(fresh) && File.Exists(newSpool) && File.Exists(unrelated));
        Assert.Empty(ScratchDirectory.SweepStale(Path.Combine(_parent, "missing"), TimeSpan.FromHours(24), now, "scitldr-spool-*.tmp"));
    }
}
