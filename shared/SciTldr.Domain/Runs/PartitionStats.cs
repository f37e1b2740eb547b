using SciTldr.Domain.Features;

namespace SciTldr.Domain.Runs;

/// <summary>
/// The gold statistics of some partitions, kept as exact sums and counts so that partitions can be
/// summarised independently and merged later into the run's figures.
/// </summary>
/// <remarks>
/// Integer sums merge exactly in any order. <see cref="CompressionSum"/> is a floating sum, so the
/// reporting stage merges in partition order to get the same last digits on every run. The
/// dictionaries hold only what was observed (no zero counts, no empty histograms), so merging the
/// partitions of a run equals computing on all its rows at once, member by member; equality compares
/// them by content.
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

    /// <summary>
    /// Fixed-bin histograms keyed <c>metric</c> or <c>metric/source</c> (<see cref="GoldMetrics"/>); a key
    /// is present once a value was seen.
    /// </summary>
    public IReadOnlyDictionary<string, FixedHistogram> Histograms { get; init; } = new Dictionary<string, FixedHistogram>(StringComparer.Ordinal);

    /// <summary>Exact sums and counts of <see cref="GoldMetrics.MeanMetrics"/>, keyed <c>metric/source</c>.</summary>
    public IReadOnlyDictionary<string, MetricSum> Sums { get; init; } = new Dictionary<string, MetricSum>(StringComparer.Ordinal);

    /// <summary>Papers per keyphrase (a paper counts once per keyphrase).</summary>
    public IReadOnlyDictionary<string, long> KeyphrasePapers { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Papers per research-area id.</summary>
    public IReadOnlyDictionary<string, long> ResearchAreaPapers { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>TLDRs with each style flag set, keyed <c>flag/source</c> (flags named as in silver).</summary>
    public IReadOnlyDictionary<string, long> StyleFlagTldrs { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

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

        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var sums = new Dictionary<string, MetricSum>(StringComparer.Ordinal);
        var keyphrases = new Dictionary<string, long>(StringComparer.Ordinal);
        var areas = new Dictionary<string, long>(StringComparer.Ordinal);
        var flags = new Dictionary<string, long>(StringComparer.Ordinal);

        long abstractWords = 0, abstractSentences = 0;
        foreach (var paper in papers)
        {
            abstractWords += paper.AbstractWords;
            abstractSentences += paper.AbstractSentences;
            Observe(values, GoldMetrics.AbstractWords, paper.AbstractWords);
            CountItems(keyphrases, paper.Keyphrases);
            CountItems(areas, paper.ResearchAreas);
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

            ObserveTldr(tldr, values, sums, flags);
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
            Histograms = Sorted(values.ToDictionary(
                v => v.Key, v => FixedHistogram.Of(GoldMetrics.EdgesOf(GoldMetrics.Parse(v.Key).Metric), v.Value), StringComparer.Ordinal)),
            Sums = Sorted(sums),
            KeyphrasePapers = Sorted(keyphrases),
            ResearchAreaPapers = Sorted(areas),
            StyleFlagTldrs = Sorted(flags),
        };
    }

    /// <summary>These statistics followed by <paramref name="other"/>'s (call in partition order).</summary>
    /// <summary>
    /// The counts and sums only, without histograms and per-key counts: what a stage marker carries, so
    /// that markers stay small however many keyphrases a partition has (the run summary needs no more).
    /// The detail goes to <c>gold/run_id=R/partitions/part-N.json</c> and is merged once, at finalization.
    /// </summary>
    public PartitionStats WithoutDetail() => this with
    {
        Histograms = new Dictionary<string, FixedHistogram>(StringComparer.Ordinal),
        Sums = new Dictionary<string, MetricSum>(StringComparer.Ordinal),
        KeyphrasePapers = new Dictionary<string, long>(StringComparer.Ordinal),
        ResearchAreaPapers = new Dictionary<string, long>(StringComparer.Ordinal),
        StyleFlagTldrs = new Dictionary<string, long>(StringComparer.Ordinal),
    };

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
            Histograms = MergeByKey(Histograms, other.Histograms, static (a, b) => a.Merge(b)),
            Sums = MergeByKey(Sums, other.Sums, static (a, b) => a.Merge(b)),
            KeyphrasePapers = MergeByKey(KeyphrasePapers, other.KeyphrasePapers, static (a, b) => a + b),
            ResearchAreaPapers = MergeByKey(ResearchAreaPapers, other.ResearchAreaPapers, static (a, b) => a + b),
            StyleFlagTldrs = MergeByKey(StyleFlagTldrs, other.StyleFlagTldrs, static (a, b) => a + b),
        };
    }

    /// <summary>Merges partitions in the order given, which should be partition order.</summary>
    /// <remarks>
    /// Equal to merging pairwise in partition order (<see cref="Merge"/>), but linear in the keys: the
    /// counts and sums are added in order (so the floating compression sum is the same) and the keyed
    /// statistics accumulate in one dictionary each instead of being copied at every step.
    /// </remarks>
    public static PartitionStats MergeAll(IEnumerable<PartitionStats> inPartitionOrder)
    {
        ArgumentNullException.ThrowIfNull(inPartitionOrder);
        var merger = new Merger();
        foreach (var next in inPartitionOrder)
        {
            merger.Add(next);
        }

        return merger.Result();
    }

    /// <summary>
    /// <see cref="MergeAll"/> one partition at a time: it holds the running totals only, so a caller that
    /// reads partitions one by one (the finalizer) never has them all in memory. Same result, same digits.
    /// </summary>
    public sealed class Merger
    {
        private readonly Dictionary<string, FixedHistogram> _histograms = new(StringComparer.Ordinal);
        private readonly Dictionary<string, MetricSum> _sums = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _keyphrases = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _areas = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _flags = new(StringComparer.Ordinal);
        private PartitionStats _total = Empty;

        /// <summary>Adds the next partition (in partition order: the floating sums depend on it).</summary>
        public void Add(PartitionStats next)
        {
            ArgumentNullException.ThrowIfNull(next);
            _total = _total.WithoutDetail().Merge(next.WithoutDetail());
            Accumulate(_histograms, next.Histograms, static (a, b) => a.Merge(b));
            Accumulate(_sums, next.Sums, static (a, b) => a.Merge(b));
            Accumulate(_keyphrases, next.KeyphrasePapers, static (a, b) => a + b);
            Accumulate(_areas, next.ResearchAreaPapers, static (a, b) => a + b);
            Accumulate(_flags, next.StyleFlagTldrs, static (a, b) => a + b);
        }

        public PartitionStats Result() => _total with
        {
            Histograms = Sorted(_histograms),
            Sums = Sorted(_sums),
            KeyphrasePapers = Sorted(_keyphrases),
            ResearchAreaPapers = Sorted(_areas),
            StyleFlagTldrs = Sorted(_flags),
        };
    }

    private static void Accumulate<T>(Dictionary<string, T> into, IReadOnlyDictionary<string, T> from, Func<T, T, T> merge)
    {
        foreach (var (key, value) in from)
        {
            into[key] = into.TryGetValue(key, out var seen) ? merge(seen, value) : value;
        }
    }

    /// <summary>The mean of a <see cref="GoldMetrics.MeanMetrics"/> metric for one source; null without values.</summary>
    public double? MeanOf(string metric, string source) =>
        Sums.TryGetValue(GoldMetrics.Key(metric, source), out var sum) ? sum.Mean : null;

    public bool Equals(PartitionStats? other) =>
        other is not null
        && Papers == other.Papers
        && Tldrs == other.Tldrs
        && AuthorTldrs == other.AuthorTldrs
        && PeerReviewTldrs == other.PeerReviewTldrs
        && AbstractWordsSum == other.AbstractWordsSum
        && AbstractSentencesSum == other.AbstractSentencesSum
        && AuthorTldrWordsSum == other.AuthorTldrWordsSum
        && PeerReviewTldrWordsSum == other.PeerReviewTldrWordsSum
        && CompressionSum.Equals(other.CompressionSum)
        && CompressionPairs == other.CompressionPairs
        && SameEntries(Histograms, other.Histograms)
        && SameEntries(Sums, other.Sums)
        && SameEntries(KeyphrasePapers, other.KeyphrasePapers)
        && SameEntries(ResearchAreaPapers, other.ResearchAreaPapers)
        && SameEntries(StyleFlagTldrs, other.StyleFlagTldrs);

    public override int GetHashCode() =>
        HashCode.Combine(
            HashCode.Combine(Papers, Tldrs, AuthorTldrs, PeerReviewTldrs, AbstractWordsSum, AbstractSentencesSum, AuthorTldrWordsSum, PeerReviewTldrWordsSum),
            CompressionSum,
            CompressionPairs,
            Histograms.Count,
            Sums.Count,
            KeyphrasePapers.Count,
            ResearchAreaPapers.Count,
            StyleFlagTldrs.Count);

    private static double? Mean(long sum, long count) => count == 0 ? null : (double)sum / count;

    private static void ObserveTldr(
        TldrFeatures tldr, Dictionary<string, List<double>> values, Dictionary<string, MetricSum> sums, Dictionary<string, long> flags)
    {
        var source = tldr.Source;
        Observe(values, GoldMetrics.Key(GoldMetrics.TldrWords, source), tldr.Words);
        Observe(values, GoldMetrics.Key(GoldMetrics.Compression, source), tldr.Compression);
        Observe(values, GoldMetrics.Key(GoldMetrics.OracleRelativePosition, source), tldr.OracleRelativePosition);

        ReadOnlySpan<(string Metric, double? Value)> scores =
        [
            (GoldMetrics.Rouge1F1, tldr.Rouge1F1),
            (GoldMetrics.Rouge2F1, tldr.Rouge2F1),
            (GoldMetrics.RougeLF1, tldr.RougeLF1),
            (GoldMetrics.Novel1GramPct, tldr.Novel1GramPct),
            (GoldMetrics.Novel2GramPct, tldr.Novel2GramPct),
            (GoldMetrics.Novel3GramPct, tldr.Novel3GramPct),
        ];
        foreach (var (metric, value) in scores)
        {
            var key = GoldMetrics.Key(metric, source);
            Observe(values, key, value);
            if (value is { } v && double.IsFinite(v))
            {
                sums[key] = sums.GetValueOrDefault(key, MetricSum.Zero).Add(v);
            }
        }

        ReadOnlySpan<bool> set =
        [
            tldr.FirstPerson, tldr.ContainsNumber, tldr.StartsWithWePropose, tldr.StartsWithThisPaper,
            tldr.IsQuestion, tldr.ClaimsStateOfTheArt, tldr.MentionsCode,
        ];
        for (var i = 0; i < set.Length; i++)
        {
            if (set[i])
            {
                var key = GoldMetrics.Key(GoldMetrics.StyleFlags[i], source);
                flags[key] = flags.GetValueOrDefault(key) + 1;
            }
        }
    }

    private static void Observe(Dictionary<string, List<double>> values, string key, double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return;
        }

        if (!values.TryGetValue(key, out var list))
        {
            values[key] = list = [];
        }

        list.Add(v);
    }

    /// <summary>Counts each distinct item of a <see cref="PaperFeatures.ListSeparator"/>-joined list once.</summary>
    private static void CountItems(Dictionary<string, long> counts, string joined)
    {
        foreach (var item in joined.Split(PaperFeatures.ListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal))
        {
            counts[item] = counts.GetValueOrDefault(item) + 1;
        }
    }

    /// <summary>A copy in ordinal key order, so the marker JSON has the same bytes for the same rows.</summary>
    private static Dictionary<string, T> Sorted<T>(IReadOnlyDictionary<string, T> entries)
    {
        var sorted = new Dictionary<string, T>(entries.Count, StringComparer.Ordinal);
        foreach (var key in entries.Keys.Order(StringComparer.Ordinal))
        {
            sorted[key] = entries[key];
        }

        return sorted;
    }

    private static Dictionary<string, T> MergeByKey<T>(IReadOnlyDictionary<string, T> left, IReadOnlyDictionary<string, T> right, Func<T, T, T> merge)
    {
        var merged = new Dictionary<string, T>(left.Count + right.Count, StringComparer.Ordinal);
        foreach (var key in left.Keys.Concat(right.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var inLeft = left.TryGetValue(key, out var a);
            var inRight = right.TryGetValue(key, out var b);
            merged[key] = inLeft && inRight ? merge(a!, b!) : inLeft ? a! : b!;
        }

        return merged;
    }

    private static bool SameEntries<T>(IReadOnlyDictionary<string, T> left, IReadOnlyDictionary<string, T> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (key, value) in left)
        {
            if (!right.TryGetValue(key, out var other) || !EqualityComparer<T>.Default.Equals(value, other))
            {
                return false;
            }
        }

        return true;
    }
}
