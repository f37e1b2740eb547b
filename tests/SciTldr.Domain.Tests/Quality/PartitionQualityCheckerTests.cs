using SciTldr.Domain.Features;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.Rulesets;
using SciTldr.Domain.Records;
using SciTldr.Domain.Tests.Quality.Rulesets;
using static SciTldr.Domain.Tests.TestRecords;

namespace SciTldr.Domain.Tests.Quality;

/// <summary>The interface rules of the default ruleset on hand-made records: the meanings interfaces.md gives them.</summary>
public sealed class PartitionQualityCheckerTests
{
    [Theory]
    [MemberData(nameof(RuleCases))]
    public void Rule_verdict_on_a_hand_made_record(string ruleId, PaperRecord record, RuleVerdict expected)
    {
        var (papers, tldrs) = Partition(record);

        var rule = Check(papers, tldrs).Rule(ruleId);

        var verdict = rule.Evaluated == 0 ? RuleVerdict.NotApplicable : rule.Failed == 0 ? RuleVerdict.Pass : RuleVerdict.Fail;
        Assert.Equal(expected, verdict);
    }

    public static TheoryData<string, PaperRecord, RuleVerdict> RuleCases() => new()
    {
        { Rules.AbstractNonemptyId, Paper(source: ["Text."]), RuleVerdict.Pass },
        { Rules.AbstractNonemptyId, Paper(source: ["  ", "Text."]), RuleVerdict.Pass },
        { Rules.AbstractNonemptyId, Paper(source: []), RuleVerdict.Fail },
        { Rules.AbstractNonemptyId, Paper(source: ["", " \t "]), RuleVerdict.Fail },

        { Rules.TldrNonemptyId, Paper(target: ["Tldr."]), RuleVerdict.Pass },
        { Rules.TldrNonemptyId, Paper(target: ["Tldr.", "Another."]), RuleVerdict.Pass },
        { Rules.TldrNonemptyId, Paper(target: []), RuleVerdict.Fail },
        { Rules.TldrNonemptyId, Paper(target: ["Tldr.", "  "]), RuleVerdict.Fail },

        { Rules.RougeRangeId, Paper(scores: [0, 0.5, 1]), RuleVerdict.Pass },
        { Rules.RougeRangeId, Paper(scores: [-0.01]), RuleVerdict.Fail },
        { Rules.RougeRangeId, Paper(scores: [0.5, 1.0001]), RuleVerdict.Fail },
        { Rules.RougeRangeId, Paper(scores: null), RuleVerdict.NotApplicable },
        { Rules.RougeRangeId, Paper(scores: []), RuleVerdict.NotApplicable },

        { Rules.SourceAlignmentId, Paper(source: ["a", "b"], labels: [0, 1], scores: [0.1, 0.2]), RuleVerdict.Pass },
        { Rules.SourceAlignmentId, Paper(source: ["a", "b"], labels: [0, 1], scores: null), RuleVerdict.Pass },
        { Rules.SourceAlignmentId, Paper(source: ["a", "b"], labels: null, scores: [0.1, 0.2]), RuleVerdict.Pass },
        { Rules.SourceAlignmentId, Paper(source: ["a", "b"], labels: [0, 1, 0], scores: [0.1, 0.2]), RuleVerdict.Fail },
        { Rules.SourceAlignmentId, Paper(source: ["a", "b"], labels: [0, 1], scores: [0.1]), RuleVerdict.Fail },
        { Rules.SourceAlignmentId, Paper(source: ["a", "b"], labels: null, scores: [0.1, 0.2, 0.3]), RuleVerdict.Fail },
        { Rules.SourceAlignmentId, Paper(source: ["a", "b"], labels: null, scores: null), RuleVerdict.NotApplicable },

        { Rules.SingleOracleId, Paper(labels: [0, 1, 0]), RuleVerdict.Pass },
        { Rules.SingleOracleId, Paper(labels: [1, 1, 0]), RuleVerdict.Fail },
        { Rules.SingleOracleId, Paper(labels: [0, 0]), RuleVerdict.Fail },
        { Rules.SingleOracleId, Paper(labels: []), RuleVerdict.Fail },
        { Rules.SingleOracleId, Paper(labels: null), RuleVerdict.NotApplicable },
    };

    [Fact]
    public void Check_reports_every_partition_rule_in_ruleset_order_with_its_severity()
    {
        var result = Check([], []);

        Assert.Equal(
            [
                ("abstract_nonempty", RuleSeverity.Error),
                ("tldr_nonempty", RuleSeverity.Error),
                ("rouge_range", RuleSeverity.Error),
                ("source_alignment", RuleSeverity.Warning),
                ("single_oracle", RuleSeverity.Warning),
                ("paper_id_present", RuleSeverity.Error),
                ("title_present", RuleSeverity.Warning),
                ("tldr_source_known", RuleSeverity.Error),
                ("tldr_text_length", RuleSeverity.Warning),
                ("rouge_f1_range", RuleSeverity.Error),
            ],
            result.Rules.Select(r => (r.RuleId, r.Severity)));
        Assert.True(result.Passed);
    }

    [Fact]
    public void Counts_evaluated_and_failed_papers_per_rule()
    {
        var (papers, tldrs) = Partition(
            Paper("ok", labels: [1], scores: [0.5]),
            Paper("no-scores", labels: [1]),
            Paper("bad-rouge", labels: [1], scores: [2.0]),
            Paper("two-oracles", source: ["a", "b"], labels: [1, 1], scores: [0.1, 0.2]));

        var result = Check(papers, tldrs);

        var rouge = result.Rule(Rules.RougeRangeId);
        Assert.Equal((3, 1), (rouge.Evaluated, rouge.Failed));
        Assert.Equal([new RuleExample("bad-rouge", null, "rouge_max=2")], rouge.Examples);
        var oracle = result.Rule(Rules.SingleOracleId);
        Assert.Equal((4, 1), (oracle.Evaluated, oracle.Failed));
        Assert.Equal((4, 0), (result.Rule(Rules.AbstractNonemptyId).Evaluated, result.Rule(Rules.AbstractNonemptyId).Failed));
    }

    [Fact]
    public void Error_failures_quarantine_the_paper_and_its_tldrs()
    {
        var (papers, tldrs) = Partition(
            Paper("good", target: ["Fine.", "Also fine."]),
            Paper("blank-tldr", target: ["Fine.", " "]),
            Paper("also-good"));

        var result = Check(papers, tldrs);

        Assert.False(result.Passed);
        Assert.Equal(["good", "also-good"], result.PassingPapers.Select(p => p.PaperId));
        Assert.Equal(["good", "good", "also-good"], result.PassingTldrs.Select(t => t.PaperId));
        Assert.Equal([new QuarantinedPaper("blank-tldr", Rules.TldrNonemptyId)], result.Quarantined);
    }

    [Fact]
    public void Warning_failures_flag_but_keep_the_paper()
    {
        var (papers, tldrs) = Partition(Paper("misaligned", source: ["a", "b"], labels: [1], scores: [0.5, 0.1, 0.2]));

        var result = Check(papers, tldrs);

        Assert.True(result.Passed);
        Assert.Empty(result.Quarantined);
        Assert.Single(result.PassingPapers);
        Assert.Single(result.PassingTldrs);
        Assert.Equal([Rules.SourceAlignmentId], result.FailedRulesByPaper["misaligned"]);
    }

    [Fact]
    public void Quarantine_reason_is_the_first_failing_error_rule_in_ruleset_order()
    {
        var (papers, tldrs) = Partition(
            Paper("all-bad", source: [" "], target: [], labels: [0, 0, 0], scores: [-1]),
            Paper("tldr-and-rouge", target: [""], scores: [7]),
            Paper("rouge-only", scores: [1.5]));

        var result = Check(papers, tldrs);

        Assert.Equal(
            [
                new QuarantinedPaper("all-bad", Rules.AbstractNonemptyId),
                new QuarantinedPaper("tldr-and-rouge", Rules.TldrNonemptyId),
                new QuarantinedPaper("rouge-only", Rules.RougeRangeId),
            ],
            result.Quarantined);
        Assert.Equal(
            [Rules.AbstractNonemptyId, Rules.TldrNonemptyId, Rules.RougeRangeId, Rules.SourceAlignmentId, Rules.SingleOracleId],
            result.FailedRulesByPaper["all-bad"]);
        Assert.Equal([Rules.TldrNonemptyId, Rules.RougeRangeId, "tldr_text_length"], result.FailedRulesByPaper["tldr-and-rouge"]);
    }

    [Fact]
    public void Papers_that_pass_everything_have_no_failure_entry()
    {
        var (papers, tldrs) = Partition(Paper("clean", labels: [1], scores: [0.4]));

        Assert.Empty(Check(papers, tldrs).FailedRulesByPaper);
    }

    [Fact]
    public void Examples_are_the_first_five_failing_papers_in_input_order()
    {
        var (papers, tldrs) = Partition([.. Enumerable.Range(1, 8).Select(i => Paper($"p{i}", labels: [0]))]);

        var oracle = Check(papers, tldrs).Rule(Rules.SingleOracleId);

        Assert.Equal(8, oracle.Failed);
        Assert.Equal(["p1", "p2", "p3", "p4", "p5"], oracle.Examples.Select(e => e.PaperId));
        Assert.All(oracle.Examples, e => Assert.Equal(("oracle_count=0", (int?)null), (e.Value, e.TldrIndex)));
    }

    [Fact]
    public void Severity_override_turns_an_error_into_a_warning()
    {
        var (papers, tldrs) = Partition(Paper("hot", scores: [1.2]));
        var ruleset = TestRulesets.Default.WithSeverities(new Dictionary<string, RuleSeverity> { [Rules.RougeRangeId] = RuleSeverity.Warning });

        var result = PartitionQualityChecker.Check(papers, tldrs, ruleset);

        Assert.Equal(RuleSeverity.Warning, result.Rule(Rules.RougeRangeId).Severity);
        Assert.Equal(1, result.Rule(Rules.RougeRangeId).Failed);
        Assert.Empty(result.Quarantined);
        Assert.True(result.Passed);
    }

    [Fact]
    public void Severity_override_for_an_unknown_rule_is_refused()
    {
        var ex = Assert.Throws<RulesetException>(() =>
            TestRulesets.Default.WithSeverities(new Dictionary<string, RuleSeverity> { ["made_up"] = RuleSeverity.Error }));

        Assert.Equal("made_up", ex.RuleId);
        Assert.Contains("scitldr-quality.yaml: rule 'made_up': ", ex.Message, StringComparison.Ordinal);
    }

    private static PartitionQualityResult Check(IReadOnlyList<PaperFeatures> papers, IReadOnlyList<TldrFeatures> tldrs) =>
        PartitionQualityChecker.Check(papers, tldrs, TestRulesets.Default);

    private static (IReadOnlyList<PaperFeatures> Papers, IReadOnlyList<TldrFeatures> Tldrs) Partition(params PaperRecord[] records)
    {
        var extracted = records.Select(ExtractedFeatures.From).ToList();
        return ([.. extracted.Select(e => e.Paper)], [.. extracted.SelectMany(e => e.Tldrs)]);
    }
}
