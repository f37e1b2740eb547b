namespace SciTldr.Cli.Stack;

public static class RepositoryRoot
{
    /// <summary>The repository holding this CLI (the folder with SciTldr.Services.sln), or SCITLDR_ROOT.</summary>
    public static string Find()
    {
        var configured = Environment.GetEnvironmentVariable("SCITLDR_ROOT");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SciTldr.Services.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>
    /// Where the local stack keeps its state (stack.json, logs, emulator data): <c>.scitldr/</c> under the
    /// repository, or <c>SCITLDR_STATE_DIR</c> (lets a second stack or a test keep its own).
    /// </summary>
    public static string StateDirectory(string root) =>
        Environment.GetEnvironmentVariable("SCITLDR_STATE_DIR") is { Length: > 0 } configured ? configured : Path.Combine(root, ".scitldr");
}
