using SciTldr.Contracts;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.RunLevel;
using SciTldr.Reporting.Dashboard;
using static SciTldr.Reporting.Tests.Samples;

namespace SciTldr.Reporting.Tests;

public sealed class QualityViewsTests
{
    private static RuleResult TldrRule(int evaluated, int failed, int examples, double mostly = 1) =>
        new("tldr_nonempty", RuleSeverity.Error, evaluated, failed,
            [.. Enumerable.Range(0, examples).Select(i => new RuleExample($"paper-{evaluated}-{i}", 0, ""))])
        {
            Kind = "completeness",
            Table = "tldrs",
            Thresholds = new Dictionary<string, double> { ["mostly"] = mostly },
            Passed = failed == 0,
        };

    private static IReadOnlyList<SciTldr.Runs.StageMarker> MarkersWith(params RuleResult[] rules) =>
        [.. rules.Select((rule, partition) => Marker(Stages.Quality, partition, 5, 1, rule.Evaluated, rule.Failed, [rule]))];

    private static RunRuleResult Drift(bool passed, double psi) =>
        new("tldr_words_drift", "drift", RuleSeverity.Warning, 1, passed ? 0 : 1, passed, psi,
            new Dictionary<string, double> { ["max_psi"] = 0.2 }, $"PSI {psi} against run-0", []);

    [Fact]
    public void A_partition_rule_sums_its_partitions_and_tags_each_example_with_its_partition()
    {
        var markers = MarkersWith(TldrRule(10, 2, 2), TldrRule(8, 0, 0), TldrRule(6, 1, 1));

        var rule = Assert.Single(QualityViews.Build(Summary(quality: markers, runQuality: RunChecked()), markers, RunChecked()).Rules);

        Assert.Equal(("tldr_nonempty", "completeness", "tldrs", RuleView.PartitionScope, "error"), (rule.Id, rule.Kind, rule.Table, rule.Scope, rule.Severity));
        Assert.Equal((24L, 3L, 3.0 / 24), (rule.Evaluated, rule.Failed, rule.Observed!.Value));
        Assert.False(rule.Passed);
        Assert.Equal([0, 0, 2], rule.Examples.Select(e => e.Partition!.Value));
        Assert.Equal(["paper-10-0", "paper-10-1", "paper-6-0"], rule.Examples.Select(e => e.PaperId));
    }

    [Fact]
    public void A_rule_lists_at_most_twenty_examples_while_its_counts_stay_exact()
    {
        var markers = MarkersWith(TldrRule(50, 15, 15), TldrRule(50, 15, 15));

        var rule = Assert.Single(QualityViews.Build(Summary(quality: markers), markers, null).Rules);

        Assert.Equal(RuleView.MaxExamples, rule.Examples.Count);
        Assert.Equal(30, rule.Failed);
    }

    [Fact]
    public void A_rule_that_allows_some_failures_passes_as_the_summary_judged_it_over_the_whole_run()
    {
        // 3 of 24 failed: within mostly 0.8 over the run, though partition 0 alone (2 of 10) is at the edge.
        var markers = MarkersWith(TldrRule(10, 2, 0, 0.8), TldrRule(8, 0, 0, 0.8), TldrRule(6, 1, 0, 0.8));

        var rule = Assert.Single(QualityViews.Build(Summary(quality: markers), markers, null).Rules);

        Assert.True(rule.Passed);
    }

    [Fact]
    public void Run_rules_follow_the_partition_rules_with_their_statistic_detail_and_flagged_rows()
    {
        var markers = MarkersWith(TldrRule(10, 0, 0));
        var outlier = new RunRuleResult("tldr_length_outlier", "outlier", RuleSeverity.Warning, 24, 1, false, 1.0 / 24,
            new Dictionary<string, double> { ["upper"] = 60 }, "median/MAD fences", [new FlaggedRow("tldr_length_outlier", "p-7", 1, "88")]);
        var runQuality = RunChecked([outlier, Drift(true, 0.01)]) with { BaselineRunId = "run-0", HistoryRunIds = ["run-0"] };

        var view = QualityViews.Build(Summary(quality: markers, runQuality: runQuality), markers, runQuality);

        Assert.Equal(["tldr_nonempty", "tldr_length_outlier", "tldr_words_drift"], view.Rules.Select(r => r.Id));
        var run = view.Rules[1];
        Assert.Equal((RuleView.RunScope, "median/MAD fences", 1.0 / 24), (run.Scope, run.Detail, run.Observed!.Value));
        Assert.Equal(new ExampleView("p-7", 1, "88", null), Assert.Single(run.Examples));
        Assert.Equal(("2026.2", "run-0"), (view.RulesetVersion, view.BaselineRunId));
        Assert.True(view.Passed);
    }

    [Fact]
    public void History_lists_the_splits_runs_oldest_first_with_only_their_drift_and_anomaly_rules()
    {
        RunMetrics Metrics(string runId, string split, int minute) =>
            new(runId, split, RequestedAt.AddMinutes(minute), new Dictionary<string, double> { ["papers"] = minute }, new Dictionary<string, Histogram>());
        var outlier = new RunRuleResult("tldr_length_outlier", "outlier", RuleSeverity.Warning, 1, 0, true, 0, new Dictionary<string, double>(), "", []);
        var runs = new (RunMetrics, RunQualityReport?)[]
        {
            (Metrics("run-c", "dev", 30), RunChecked([Drift(false, 0.5), outlier])),
            (Metrics("run-a", "dev", 10), RunChecked([Drift(true, 0.01)])),
            (Metrics("run-t", "train", 20), RunChecked([Drift(true, 0.02)])),
            (Metrics("run-b", "dev", 20), null),
        };

        var history = QualityViews.History("dev", runs);

        Assert.Equal(["run-a", "run-b", "run-c"], history.Runs.Select(r => r.RunId));
        Assert.Equal(new HistoryRule("drift", false, 0.5), Assert.Single(history.Runs[2].Rules).Value);
        Assert.Empty(history.Runs[1].Rules);
        Assert.Equal(30, history.Runs[2].Values["papers"]);
    }
}
