using SciTldr.Domain.Features;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.RunLevel;
using SciTldr.Domain.Quality.Rulesets;

namespace SciTldr.Domain.Tests.Quality.RunLevel;

public sealed class RunLevelCheckerTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static readonly RuleDefinition TitleDuplicate = new()
    {
        Id = "title_duplicate", Kind = RuleKind.Uniqueness, Severity = RuleSeverity.Warning, Table = RuleTable.Papers,
        Scope = RuleScope.Run, Column = "title", IgnoreBlank = true,
    };

    private static readonly RuleDefinition PaperIdUnique = new()
    {
        Id = "paper_id_unique", Kind = RuleKind.Uniqueness, Severity = RuleSeverity.Error, Table = RuleTable.Papers,
        Scope = RuleScope.Run, Column = "paper_id",
    };

    private static readonly RuleDefinition LengthOutlier = new()
    {
        Id = "tldr_length_outlier", Kind = RuleKind.Outlier, Severity = RuleSeverity.Warning, Table = RuleTable.Tldrs,
        Scope = RuleScope.Run, Column = "words", Method = "mad", Threshold = 6,
    };

    private static readonly RuleDefinition WordsDrift = new()
    {
        Id = "tldr_words_drift", Kind = RuleKind.Drift, Severity = RuleSeverity.Warning, Table = RuleTable.Tldrs,
        Scope = RuleScope.Run, Column = "words", Method = "psi", Threshold = 0.2, Bins = [5, 10, 15, 20, 25, 30, 40, 60],
    };

    private static readonly RuleDefinition PapersAnomaly = new()
    {
        Id = "papers_count_anomaly", Kind = RuleKind.Anomaly, Severity = RuleSeverity.Warning, Scope = RuleScope.Run,
        Metric = RunMetrics.Papers, Method = "robust_z", Threshold = 4, MinHistory = 3,
    };

    [Fact]
    public void Uniqueness_across_the_run_keeps_the_first_occurrence_and_flags_the_rest_across_partitions()
    {
        using var checker = Checker(TitleDuplicate, PaperIdUnique);
        checker.Add([Paper("a", "Same title"), Paper("b", "Other"), Paper("c", "")], []);
        checker.Add([Paper("d", "Same title"), Paper("e", "  "), Paper("b", "Third")], []);

        var report = checker.Finish(checker.Metrics("r", "dev", 6, 0, At), [], At);

        var titles = report.Rules.Single(r => r.RuleId == "title_duplicate");
        Assert.Equal((4L, 1L), (titles.Evaluated, titles.Failed));   // blank titles are not evaluated
        var ids = report.Rules.Single(r => r.RuleId == "paper_id_unique");
        Assert.Equal((6L, 1L, false), (ids.Evaluated, ids.Failed, ids.Passed));
        Assert.Equal(["d", "b"], report.Flagged.Select(f => f.PaperId));
    }

    [Fact]
    public void A_tldr_far_outside_the_runs_length_distribution_is_an_outlier()
    {
        using var checker = Checker(LengthOutlier);
        var tldrs = Enumerable.Range(0, 50).Select(i => Tldr($"p{i}", 15 + (i % 7))).Append(Tldr("long", 400)).ToList();
        checker.Add([], tldrs);

        var result = checker.Finish(checker.Metrics("r", "dev", 51, 0, At), [], At).Rules.Single();

        Assert.Equal((51L, 1L), (result.Evaluated, result.Failed));
        Assert.Equal("long", Assert.Single(result.Examples).PaperId);
        Assert.True(result.Thresholds["high"] < 400);
    }

    [Fact]
    public void Outliers_among_many_partitions_keep_their_exact_paper_ids_and_tldr_indexes()
    {
        // Thousands of rows over several partitions, ids with non-ASCII letters: the rows' ids are kept
        // compactly (UTF-8 in one arena that grows), and the flagged ones must come back exactly.
        using var checker = Checker(LengthOutlier);
        for (var partition = 0; partition < 4; partition++)
        {
            var tldrs = Enumerable.Range(0, 1000).Select(i => Tldr($"pâper-{partition}-{i}", 15 + (i % 7), i % 3)).ToList();
            if (partition == 2)
            {
                tldrs[517] = Tldr("lóng-ône", 400, 2);
            }

            checker.Add([], tldrs);
        }

        checker.Add([], [Tldr("short-één", 0, 1)]);
        var result = checker.Finish(checker.Metrics("r", "dev", 4001, 0, At), [], At).Rules.Single();

        Assert.Equal((4001L, 2L), (result.Evaluated, result.Failed));
        Assert.Equal([("lóng-ône", (int?)2, "400"), ("short-één", 1, "0")], result.Examples.Select(e => (e.PaperId, e.TldrIndex, e.Value)));
    }

    [Fact]
    public void Drift_needs_a_baseline_passes_on_the_same_distribution_and_fails_when_tldrs_are_truncated()
    {
        var normal = Enumerable.Range(0, 200).Select(i => Tldr($"p{i}", 8 + (i % 25))).ToList();

        using var first = Checker(WordsDrift);
        first.Add([], normal);
        var firstMetrics = first.Metrics("r1", "dev", 200, 0, At);
        var firstResult = first.Finish(firstMetrics, [], At).Rules.Single();
        Assert.True(firstResult.Passed);
        Assert.Contains("no earlier successful run", firstResult.Detail, StringComparison.Ordinal);

        using var same = Checker(WordsDrift);
        same.Add([], normal);
        var sameResult = same.Finish(same.Metrics("r2", "dev", 200, 0, At), [firstMetrics], At).Rules.Single();
        Assert.True(sameResult.Passed);
        Assert.Equal(0, sameResult.Observed!.Value, 9);

        using var truncated = Checker(WordsDrift);
        truncated.Add([], normal.Select(t => Tldr(t.PaperId, 3)).ToList());
        var truncatedResult = truncated.Finish(truncated.Metrics("r3", "dev", 200, 0, At), [firstMetrics], At).Rules.Single();
        Assert.False(truncatedResult.Passed);
        Assert.True(truncatedResult.Observed > 0.2);
        Assert.Contains("r1", truncatedResult.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Anomaly_waits_for_enough_history_then_flags_an_unusual_metric()
    {
        static RunMetrics Past(string id, double papers) =>
            new(id, "dev", At, new Dictionary<string, double> { [RunMetrics.Papers] = papers }, new Dictionary<string, Histogram>());

        using var checker = Checker(PapersAnomaly);
        checker.Add(Enumerable.Range(0, 10).Select(i => Paper($"p{i}", $"t{i}")).ToList(), []);
        var metrics = checker.Metrics("now", "dev", 10, 0, At);

        var early = checker.Finish(metrics, [Past("a", 600), Past("b", 620)], At).Rules.Single();
        Assert.True(early.Passed);
        Assert.Contains("3 needed", early.Detail, StringComparison.Ordinal);

        var anomalous = checker.Finish(metrics, [Past("a", 600), Past("b", 620), Past("c", 610), Past("d", 615)], At).Rules.Single();
        Assert.False(anomalous.Passed);
        Assert.True(anomalous.Observed < -4);

        using var usual = Checker(PapersAnomaly);
        usual.Add(Enumerable.Range(0, 612).Select(i => Paper($"p{i}", $"t{i}")).ToList(), []);
        Assert.True(usual.Finish(usual.Metrics("now", "dev", 612, 0, At), [Past("a", 600), Past("b", 620), Past("c", 610), Past("d", 615)], At).Rules.Single().Passed);
    }

    [Fact]
    public void Metrics_carry_counts_means_quarantine_rate_and_drift_histograms()
    {
        using var checker = Checker(WordsDrift);
        checker.Add([Paper("a", "t", abstractWords: 100), Paper("b", "u", abstractWords: 200)], [Tldr("a", 10), Tldr("b", 20), Tldr("b", 30, 1)]);

        var metrics = checker.Metrics("r", "dev", 4, 1, At);

        Assert.Equal(2, metrics.Values[RunMetrics.Papers]);
        Assert.Equal(3, metrics.Values[RunMetrics.Tldrs]);
        Assert.Equal(150, metrics.Values[RunMetrics.AbstractWordsMean]);
        Assert.Equal(20, metrics.Values[RunMetrics.TldrWordsMean]);
        Assert.Equal(0.25, metrics.Values[RunMetrics.QuarantineRate]);
        Assert.Equal(3, metrics.Histograms["tldr_words_drift"].Total);
    }

    private static RunLevelChecker Checker(params RuleDefinition[] rules) => new(new Ruleset("test", "test.yaml", rules), new TestColumns());

    private static PaperFeatures Paper(string id, string? title, int abstractWords = 150) => new()
    {
        PaperId = id, Title = title, AbstractSentences = 5, AbstractNonblankSentences = 5, AbstractWords = abstractWords, AbstractChars = 900,
        TitleWords = 3, TldrCount = 1, AuthorTldrCount = 1, PeerReviewTldrCount = 0, BlankTldrCount = 0,
    };

    private static TldrFeatures Tldr(string paperId, int words, int index = 0) => new()
    {
        PaperId = paperId, TldrIndex = index, Source = TldrSources.ForIndex(index), Text = "t", Words = words, Chars = words * 6,
    };

    private sealed class TestColumns : IColumnAccess
    {
        public Func<PaperFeatures, double?> PaperNumber(string column) => column switch
        {
            "abstract_words" => p => p.AbstractWords,
            _ => throw new ArgumentException(column),
        };

        public Func<PaperFeatures, string?> PaperText(string column) => column switch
        {
            "title" => p => p.Title,
            "paper_id" => p => p.PaperId,
            _ => throw new ArgumentException(column),
        };

        public Func<TldrFeatures, double?> TldrNumber(string column) => column switch
        {
            "words" => t => t.Words,
            _ => throw new ArgumentException(column),
        };

        public Func<TldrFeatures, string?> TldrText(string column) => throw new ArgumentException(column);
    }
}
