namespace SciTldr.Testing;

/// <summary>Finds files of the repository from a test's output folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Tools => Path.Combine(Root, "tools");

    public static string DevSplit => Path.Combine(Root, "data", "scitldr", "SciTLDR-A", "dev.jsonl");

    public static string TrainSplit => Path.Combine(Root, "data", "scitldr", "SciTLDR-A", "train.jsonl");

    /// <summary>The quality service's default ruleset.</summary>
    public static string DefaultRuleset => Path.Combine(Root, "services", "SciTldr.Quality", "Rules", "scitldr-quality.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SciTldr.Services.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SciTldr.Services.sln above {AppContext.BaseDirectory}");
    }
}
