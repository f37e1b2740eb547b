using System.Text.Json;
using SciTldr.Testing;

namespace SciTldr.Domain.Tests.Enrichment;

/// <summary>One paper of a bundled split as the enrichment sees it: title + abstract, and its TLDRs.</summary>
internal sealed record SplitPaper(string PaperId, string Title, string Abstract, IReadOnlyList<string> Tldrs)
{
    /// <summary>Title and abstract joined so that no keyphrase runs from one into the other.</summary>
    public string Document => Title.Length == 0 ? Abstract : $"{Title}. {Abstract}";
}

/// <summary>
/// Reads the bundled splits directly (no dependency on the project's normalizer or tokenizer),
/// with a stand-in tokenization: lower-cased, split on whitespace, punctuation stripped from the ends.
/// </summary>
internal static class SplitTexts
{
    private static readonly char[] Punctuation = ".,;:!?()[]{}\"'`".ToCharArray();

    private static readonly Lazy<IReadOnlyList<SplitPaper>> Dev = new(() => Read(RepositoryPaths.DevSplit));

    public static IReadOnlyList<SplitPaper> DevPapers => Dev.Value;

    public static IReadOnlyList<SplitPaper> Read(string path)
    {
        var papers = new List<SplitPaper>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            papers.Add(new SplitPaper(
                root.GetProperty("paper_id").GetString()!,
                root.TryGetProperty("title", out var title) ? title.GetString() ?? "" : "",
                string.Join(' ', root.GetProperty("source").EnumerateArray().Select(s => s.GetString())),
                root.GetProperty("target").EnumerateArray().Select(t => t.GetString() ?? "").ToArray()));
        }

        return papers;
    }

    public static string[] Tokens(string text) =>
        text.ToLowerInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.Trim(Punctuation))
            .Where(word => word.Length > 0)
            .ToArray();
}
