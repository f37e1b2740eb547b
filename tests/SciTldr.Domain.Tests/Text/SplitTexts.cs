using System.Text.Json;
using SciTldr.Testing;

namespace SciTldr.Domain.Tests.Text;

/// <summary>Every text of the bundled dev and train splits, read once: abstract sentences, titles and TLDRs.</summary>
internal static class SplitTexts
{
    private static readonly Lazy<(string[] Sentences, string[] TitlesAndTldrs)> All = new(Read);

    public static IReadOnlyList<string> Sentences => All.Value.Sentences;

    public static IReadOnlyList<string> TitlesAndTldrs => All.Value.TitlesAndTldrs;

    private static (string[], string[]) Read()
    {
        var sentences = new List<string>();
        var titlesAndTldrs = new List<string>();
        foreach (var path in new[] { RepositoryPaths.DevSplit, RepositoryPaths.TrainSplit })
        {
            foreach (var line in File.ReadLines(path))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                using var record = JsonDocument.Parse(line);
                var root = record.RootElement;
                sentences.AddRange(root.GetProperty("source").EnumerateArray().Select(s => s.GetString() ?? ""));
                titlesAndTldrs.AddRange(root.GetProperty("target").EnumerateArray().Select(t => t.GetString() ?? ""));
                if (root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
                {
                    titlesAndTldrs.Add(title.GetString()!);
                }
            }
        }

        return (sentences.ToArray(), titlesAndTldrs.ToArray());
    }
}
