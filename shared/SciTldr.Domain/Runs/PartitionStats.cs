using SciTldr.Domain.Features;

namespace SciTldr.Domain.Runs;

/// <summary>
/// The gold statistics of some partitions, kept as exact sums and counts so that partitions can be
/// summarised independently and merged later into the run's figures.
/// </summary>
/// <remarks>
/// Integer sums merge exactly in any order. <see cref="CompressionSum"/> is a floating sum, so the
/// reporting stage merges in partition order to get the same last digits on every run.
/// </remarks>
public sealed record PartitionStats
{
    public static readonly PartitionStats Empty = new();

    public long Papers { get; init; }

    public long Tldrs { get; init; }

    public long AuthorTldrs { get; init; }

    public long PeerReviewTldrs { get; init; }

    public long AbstractWordsSum { get; init; }

    public long AbstractSentencesSum { get; init; }

    public long AuthorTldrWordsSum { get; init; }

    public long PeerReviewTldrWordsSum { get; init; }

    /// <summary>Sum of abstract words / TLDR words over the (paper, TLDR) pairs where the TLDR has words.</summary>
    public double CompressionSum { get; init; }

    public long CompressionPairs { get; init; }

    /// <summary>Null while there are no papers; likewise for the other means.</summary>
    public double? AbstractWordsMean => Mean(AbstractWordsSum, Papers);

    public double? AbstractSentencesMean => Mean(AbstractSentencesSum, Papers);

    public double? AuthorTldrWordsMean => Mean(AuthorTldrWordsSum, AuthorTldrs);

    public double? PeerReviewTldrWordsMean => Mean(PeerReviewTldrWordsSum, PeerReviewTldrs);

    public double? CompressionMean => CompressionPairs == 0 ? null : CompressionSum / CompressionPairs;

    /// <summary>Statistics of the rows that passed the error rules (the others stay out of gold).</summary>
    public static PartitionStats From(IReadOnlyList<PaperFeatures> papers, IReadOnlyList<TldrFeatures> tldrs)
    {
        ArgumentNullException.ThrowIfNull(papers);
        ArgumentNullException.ThrowIfNull(tldrs);

        long abstractWords = 0, abstractSentences = 0;
        foreach (var paper in papers)
        {
            abstractWords += paper.AbstractWords;
            abstractSentences += paper.AbstractSentences;
        }

        long authorTldrs = 0, peerReviewTldrs = 0, authorWords = 0, peerReviewWords = 0, compressionPairs = 0;
        double compressionSum = 0;
        foreach (var tldr in tldrs)
        {
            if (tldr.Source == TldrSources.Author)
            {
                authorTldrs++;
                authorWords += tldr.Words;
            }
            else
            {
                peerReviewTldrs++;
                peerReviewWords += tldr.Words;
            }

            if (tldr.Compression is { } compression)
            {
                compressionSum += compression;
                compressionPairs++;
            }
        }

        return new PartitionStats
        {
            Papers = papers.Count,
            Tldrs = tldrs.Count,
            AuthorTldrs = authorTldrs,
            PeerReviewTldrs = peerReviewTldrs,
            AbstractWordsSum = abstractWords,
            AbstractSentencesSum = abstractSentences,
            AuthorTldrWordsSum = authorWords,
            PeerReviewTldrWordsSum = peerReviewWords,
            CompressionSum = compressionSum,
            CompressionPairs = compressionPairs,
        };
    }

    /// <summary>These statistics followed by <paramref name="other"/>'s (call in partition order).</summary>
    public PartitionStats Merge(PartitionStats other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new PartitionStats
        {
            Papers = Papers + other.Papers,
            Tldrs = Tldrs + other.Tldrs,
            AuthorTldrs = AuthorTldrs + other.AuthorTldrs,
            PeerReviewTldrs = PeerReviewTldrs + other.PeerReviewTldrs,
            AbstractWordsSum = AbstractWordsSum + other.AbstractWordsSum,
            AbstractSentencesSum = AbstractSentencesSum + other.AbstractSentencesSum,
            AuthorTldrWordsSum = AuthorTldrWordsSum + other.AuthorTldrWordsSum,
            PeerReviewTldrWordsSum = PeerReviewTldrWordsSum + other.PeerReviewTldrWordsSum,
            CompressionSum = CompressionSum + other.CompressionSum,
            CompressionPairs = CompressionPairs + other.CompressionPairs,
        };
    }

    /// <summary>Merges partitions in the order given, which should be partition order.</summary>
    public static PartitionStats MergeAll(IEnumerable<PartitionStats> inPartitionOrder)
    {
        ArgumentNullException.ThrowIfNull(inPartitionOrder);
        return inPartitionOrder.Aggregate(Empty, static (total, next) => total.Merge(next));
    }

    private static double? Mean(long sum, long count) => count == 0 ? null : (double)sum / count;
}
