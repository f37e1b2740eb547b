using System.Text.RegularExpressions;

namespace SciTldr.Runs;

/// <summary>A run's split: the one asked for, else the one the file name says (train, dev, test), else <c>unknown</c>.</summary>
public static partial class SplitNames
{
    public const string Unknown = "unknown";

    public static string Resolve(string? requested, string sourcePath)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return requested.Trim();
        }

        var name = sourcePath[(sourcePath.LastIndexOf('/') + 1)..].ToLowerInvariant();
        var match = KnownSplit().Match(name);
        return match.Success ? match.Groups[1].Value : Unknown;
    }

    // The split must stand as its own word: "dev.jsonl" and "scitldr_train.jsonl.gz" name one, "devices.jsonl" does not.
    [GeneratedRegex("(?<![a-z])(train|dev|test)(?![a-z])")]
    private static partial Regex KnownSplit();
}
