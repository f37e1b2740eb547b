using SciTldr.Domain.Features;
using SciTldr.Domain.Silver;
using SciTldr.Lake;

namespace SciTldr.Reporting.Dashboard;

/// <summary>
/// The papers table: a case-insensitive substring search over paper id, title and TLDR text, reading the
/// run's silver partitions in order only until the page is full, so a page costs what its matches cost,
/// never a read of the whole run.
/// </summary>
public sealed class PaperSearch
{
    public const int MaxLimit = 1_000;
    public const int MaxQueryLength = 200;

    private static readonly HashSet<string> PaperColumns = new(
        [SilverSchema.Papers.PaperId.Name, SilverSchema.Papers.Title.Name, SilverSchema.Papers.AbstractWords.Name,
         SilverSchema.Papers.Keyphrases.Name, SilverSchema.Papers.ResearchAreas.Name],
        StringComparer.Ordinal);

    private static readonly HashSet<string> TldrColumns = new(
        [SilverSchema.Tldrs.PaperId.Name, SilverSchema.Tldrs.TldrIndex.Name, SilverSchema.Tldrs.Source.Name,
         SilverSchema.Tldrs.Text.Name, SilverSchema.Tldrs.Words.Name, SilverSchema.Tldrs.Rouge1F1.Name],
        StringComparer.Ordinal);

    private readonly S3Lake _lake;

    public PaperSearch(S3Lake lake)
    {
        _lake = lake;
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a query, offset or limit out of bounds (the caller answers 400).</summary>
    public static void Validate(string query, int offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Length > MaxQueryLength)
        {
            throw new ArgumentException($"the query is longer than {MaxQueryLength} characters");
        }

        if (offset < 0)
        {
            throw new ArgumentException("offset must be 0 or more");
        }

        if (limit is < 1 or > MaxLimit)
        {
            throw new ArgumentException($"limit must be between 1 and {MaxLimit}");
        }
    }

    /// <param name="partitions">The run's partition numbers, in order.</param>
    public async Task<PapersPage> SearchAsync(string runId, string split, IReadOnlyList<int> partitions, string query, int offset, int limit, CancellationToken cancellationToken)
    {
        Validate(query, offset, limit);
        var term = query.Trim();
        var page = new List<PaperView>(Math.Min(limit, 100));
        var matched = 0;
        var scanned = 0;
        var hasMore = false;
        foreach (var partition in partitions)
        {
            var papers = await ReadPartitionAsync(runId, split, partition, cancellationToken);
            scanned++;
            foreach (var paper in papers)
            {
                if (!Matches(paper, term))
                {
                    continue;
                }

                matched++;
                if (matched <= offset)
                {
                    continue;
                }

                if (page.Count == limit)
                {
                    hasMore = true;
                    break;
                }

                page.Add(paper);
            }

            if (hasMore)
            {
                break;
            }
        }

        return new PapersPage(term, offset, limit, page, matched, hasMore, scanned, partitions.Count);
    }

    public static bool Matches(PaperView paper, string term) =>
        term.Length == 0
        || paper.PaperId.Contains(term, StringComparison.OrdinalIgnoreCase)
        || (paper.Title?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false)
        || paper.Tldrs.Any(tldr => tldr.Text.Contains(term, StringComparison.OrdinalIgnoreCase));

    /// <summary>A partition's papers in silver order, each with its TLDRs in TLDR order.</summary>
    private async Task<IReadOnlyList<PaperView>> ReadPartitionAsync(string runId, string split, int partition, CancellationToken cancellationToken)
    {
        var papersKey = LakeLayout.SilverPapersKey(runId, split, partition);
        var tldrsKey = LakeLayout.SilverTldrsKey(runId, split, partition);
        if (!await _lake.ExistsAsync(papersKey, cancellationToken) || !await _lake.ExistsAsync(tldrsKey, cancellationToken))
        {
            return [];
        }

        using var papersStream = new MemoryStream(await _lake.GetBytesAsync(papersKey, cancellationToken), writable: false);
        using var tldrsStream = new MemoryStream(await _lake.GetBytesAsync(tldrsKey, cancellationToken), writable: false);
        var papers = await SilverParquet.ReadPapersAsync(papersStream, PaperColumns, cancellationToken);
        var tldrs = (await SilverParquet.ReadTldrsAsync(tldrsStream, TldrColumns, cancellationToken))
            .ToLookup(t => t.PaperId, StringComparer.Ordinal);
        return papers.Select(paper => ToView(paper, tldrs[paper.PaperId])).ToList();
    }

    private static PaperView ToView(PaperFeatures paper, IEnumerable<TldrFeatures> tldrs) =>
        new(
            paper.PaperId,
            paper.Title,
            paper.AbstractWords,
            SplitList(paper.Keyphrases),
            SplitList(paper.ResearchAreas),
            tldrs.OrderBy(t => t.TldrIndex).Select(t => new TldrView(t.TldrIndex, t.Source, t.Text, t.Words, t.Rouge1F1)).ToList());

    private static string[] SplitList(string joined) =>
        joined.Split(PaperFeatures.ListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
