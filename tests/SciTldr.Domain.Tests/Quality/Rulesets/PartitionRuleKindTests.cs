using SciTldr.Domain.Features;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.Rulesets;

namespace SciTldr.Domain.Tests.Quality.Rulesets;

/// <summary>Each partition-level kind on small hand-made rows: passing, failing, boundaries, rows it does not apply to.</summary>
public sealed class PartitionRuleKindTests
{
    private static readonly PaperFeatures Base = ColumnCatalogTests.Paper;
    private static readonly TldrFeatures BaseTldr = ColumnCatalogTests.Tldr;

    [Fact]
    public void Range_bounds_are_inclusive_and_rows_without_a_value_are_not_evaluated()
    {
        var ruleset = TestRulesets.Of("""
              - id: rouge_within
                kind: range
                severity: warning
                bounds:
                  - { column: rouge_min, min: 0 }
                  - { column: rouge_max, max: 1 }
            """);
        PaperFeatures[] papers =
        [
            Base with { PaperId = "none" },
            Base with { PaperId = "edges", RougeMin = 0, RougeMax = 1 },
            Base with { PaperId = "below", RougeMin = -0.01, RougeMax = 0.5 },
            Base with { PaperId = "above", RougeMin = 0.5, RougeMax = 1.01 },
            Base with { PaperId = "only-min", RougeMin = 0.5 },
            Base with { PaperId = "nan", RougeMin = double.NaN, RougeMax = 0.5 },
        ];

        var rule = PartitionQualityChecker.Check(papers, [], ruleset).Rule("rouge_within");

        Assert.Equal((5, 3), (rule.Evaluated, rule.Failed));
        Assert.Equal(
            [new RuleExample("below", null, "rouge_min=-0.01"), new RuleExample("above", null, "rouge_max=1.01"), new RuleExample("nan", null, "rouge_min=NaN")],
            rule.Examples);
        Assert.Equal(("range", "papers"), (rule.Kind, rule.Table));
        Assert.Equal(new Dictionary<string, double> { ["rouge_min.min"] = 0, ["rouge_max.max"] = 1, ["mostly"] = 1 }, rule.Thresholds);
        Assert.Equal(3.0 / 5, rule.Observed);
        Assert.False(rule.Passed);
    }

    [Fact]
    public void Range_fails_a_row_when_any_applied_bound_fails()
    {
        var ruleset = TestRulesets.Of("""
              - id: tldrs_fine
                kind: range
                severity: warning
                bounds:
                  - { column: tldr_count, min: 1 }
                  - { column: blank_tldr_count, max: 0 }
            """);

        var rule = PartitionQualityChecker.Check(
            [Base with { PaperId = "ok" }, Base with { PaperId = "blank", BlankTldrCount = 1 }, Base with { PaperId = "none", TldrCount = 0 }],
            [],
            ruleset).Rule("tldrs_fine");

        Assert.Equal((3, 2), (rule.Evaluated, rule.Failed));
        Assert.Equal(["blank", "none"], rule.Examples.Select(e => e.PaperId));
    }

    [Theory]
    [InlineData(10, 1, 0.9, true)]
    [InlineData(10, 2, 0.9, false)]
    [InlineData(20, 1, 0.95, true)]
    [InlineData(20, 2, 0.95, false)]
    [InlineData(3, 1, 0.7, false)]
    [InlineData(3, 0, 1.0, true)]
    [InlineData(3, 1, 1.0, false)]
    [InlineData(0, 0, 1.0, true)]
    public void Mostly_passes_exactly_at_the_threshold(int rows, int failing, double mostly, bool passes)
    {
        var ruleset = TestRulesets.Of($"""
              - id: has_oracle
                kind: completeness
                severity: warning
                column: oracle_count
                mostly: {mostly.ToString(System.Globalization.CultureInfo.InvariantCulture)}
            """);
        var papers = Enumerable.Range(0, rows).Select(i => Base with { PaperId = $"p{i}", OracleCount = i < failing ? null : 1 }).ToList();

        var rule = PartitionQualityChecker.Check(papers, [], ruleset).Rule("has_oracle");

        Assert.Equal((rows, failing, passes), (rule.Evaluated, rule.Failed, rule.Passed));
        Assert.Equal(mostly, rule.Thresholds["mostly"]);
    }

    [Fact]
    public void Consistency_is_evaluated_where_two_columns_have_a_value()
    {
        var ruleset = TestRulesets.Of("""
              - id: aligned_lists
                kind: consistency
                severity: warning
                columns: [abstract_sentences, source_labels_length, rouge_scores_length]
            """);
        PaperFeatures[] papers =
        [
            Base with { PaperId = "no-lists" },
            Base with { PaperId = "labels-agree", SourceLabelsLength = 3 },
            Base with { PaperId = "all-agree", SourceLabelsLength = 3, RougeScoresLength = 3 },
            Base with { PaperId = "scores-differ", SourceLabelsLength = 3, RougeScoresLength = 2 },
            Base with { PaperId = "labels-differ", SourceLabelsLength = 4 },
        ];

        var rule = PartitionQualityChecker.Check(papers, [], ruleset).Rule("aligned_lists");

        Assert.Equal((4, 2), (rule.Evaluated, rule.Failed));
        Assert.Equal(
            [
                new RuleExample("scores-differ", null, "abstract_sentences=3, source_labels_length=3, rouge_scores_length=2"),
                new RuleExample("labels-differ", null, "abstract_sentences=3, source_labels_length=4"),
            ],
            rule.Examples);
    }

    [Fact]
    public void Completeness_of_text_counts_null_and_blank_as_missing_unless_blanks_are_ignored()
    {
        var ruleset = TestRulesets.Of("""
              - id: has_title
                kind: completeness
                severity: warning
                column: title
              - id: title_not_null
                kind: completeness
                severity: warning
                column: title
                ignore_blank: true
            """);
        PaperFeatures[] papers = [Base with { PaperId = "titled", Title = "T" }, Base with { PaperId = "blank", Title = " \t" }, Base with { PaperId = "null", Title = null }];

        var result = PartitionQualityChecker.Check(papers, [], ruleset);

        Assert.Equal((3, 2), (result.Rule("has_title").Evaluated, result.Rule("has_title").Failed));
        Assert.Equal([new RuleExample("blank", null, " \t"), new RuleExample("null", null, null)], result.Rule("has_title").Examples);
        Assert.Equal((3, 1), (result.Rule("title_not_null").Evaluated, result.Rule("title_not_null").Failed));
    }

    [Fact]
    public void Allowed_values_check_text_and_point_at_the_tldr()
    {
        var ruleset = TestRulesets.Of("""
              - id: source_known
                kind: allowed_values
                severity: warning
                table: tldrs
                column: source
                values: [author, peer_review]
            """);
        TldrFeatures[] tldrs =
        [
            BaseTldr,
            BaseTldr with { TldrIndex = 1, Source = "peer_review" },
            BaseTldr with { TldrIndex = 2, Source = "Author" },
        ];

        var rule = PartitionQualityChecker.Check([Base], tldrs, ruleset).Rule("source_known");

        Assert.Equal((3, 1), (rule.Evaluated, rule.Failed));
        Assert.Equal([new RuleExample("p", 2, "Author")], rule.Examples);
        Assert.Equal("tldrs", rule.Table);
    }

    [Fact]
    public void Length_counts_characters_with_inclusive_bounds()
    {
        var ruleset = TestRulesets.Of("""
              - id: text_length
                kind: length
                severity: warning
                table: tldrs
                column: text
                min_length: 3
                max_length: 5
            """);
        TldrFeatures[] tldrs =
        [
            BaseTldr with { TldrIndex = 0, Text = "abc" },
            BaseTldr with { TldrIndex = 1, Text = "abcde" },
            BaseTldr with { TldrIndex = 2, Text = "ab" },
            BaseTldr with { TldrIndex = 3, Text = "abcdef" },
            BaseTldr with { TldrIndex = 4, Text = "\U0001D538\U0001D539\U0001D53B" },
        ];

        var rule = PartitionQualityChecker.Check([Base], tldrs, ruleset).Rule("text_length");

        Assert.Equal((5, 2), (rule.Evaluated, rule.Failed));
        Assert.Equal([new RuleExample("p", 2, "2"), new RuleExample("p", 3, "6")], rule.Examples);
        Assert.Equal(new Dictionary<string, double> { ["min_length"] = 3, ["max_length"] = 5, ["mostly"] = 1 }, rule.Thresholds);
    }

    [Fact]
    public void Length_skips_rows_without_text()
    {
        var ruleset = TestRulesets.Of("""
              - id: title_length
                kind: length
                severity: warning
                column: title
                max_length: 3
            """);

        var rule = PartitionQualityChecker.Check([Base with { Title = null }, Base with { PaperId = "q", Title = "long" }], [], ruleset).Rule("title_length");

        Assert.Equal((1, 1), (rule.Evaluated, rule.Failed));
    }

    [Fact]
    public void Uniqueness_in_a_partition_lets_the_first_occurrence_pass()
    {
        var ruleset = TestRulesets.Of("""
              - id: title_once
                kind: uniqueness
                severity: warning
                column: title
                ignore_blank: true
              - id: sentences_once
                kind: uniqueness
                severity: warning
                column: abstract_sentences
            """);
        PaperFeatures[] papers =
        [
            Base with { PaperId = "a", Title = "Same", AbstractSentences = 1 },
            Base with { PaperId = "b", Title = "Same", AbstractSentences = 2 },
            Base with { PaperId = "c", Title = " ", AbstractSentences = 1 },
            Base with { PaperId = "d", Title = " ", AbstractSentences = 3 },
            Base with { PaperId = "e", Title = null, AbstractSentences = 4 },
            Base with { PaperId = "f", Title = "same", AbstractSentences = 5 },
        ];

        var result = PartitionQualityChecker.Check(papers, [], ruleset);

        Assert.Equal((3, 1), (result.Rule("title_once").Evaluated, result.Rule("title_once").Failed));
        Assert.Equal([new RuleExample("b", null, "Same")], result.Rule("title_once").Examples);
        Assert.Equal((6, 1), (result.Rule("sentences_once").Evaluated, result.Rule("sentences_once").Failed));
        Assert.Equal([new RuleExample("c", null, "1")], result.Rule("sentences_once").Examples);
    }

    [Fact]
    public void An_error_rule_that_holds_within_mostly_flags_rows_but_quarantines_nothing()
    {
        var ruleset = TestRulesets.Of("""
              - id: mostly_oracles
                kind: completeness
                severity: error
                column: oracle_count
                mostly: 0.5
            """);
        PaperFeatures[] papers = [Base with { PaperId = "a", OracleCount = 1 }, Base with { PaperId = "b" }];

        var result = PartitionQualityChecker.Check(papers, [], ruleset);

        Assert.True(result.Rule("mostly_oracles").Passed);
        Assert.Equal(1, result.Rule("mostly_oracles").Failed);
        Assert.True(result.Passed);
        Assert.Empty(result.Quarantined);
        Assert.Equal(2, result.PassingPapers.Count);
        Assert.Equal(["mostly_oracles"], result.FailedRulesByPaper["b"]);
    }

    [Fact]
    public void An_error_rule_that_fails_beyond_mostly_quarantines_every_failing_row()
    {
        var ruleset = TestRulesets.Of("""
              - id: mostly_oracles
                kind: completeness
                severity: error
                column: oracle_count
                mostly: 0.5
            """);
        PaperFeatures[] papers = [Base with { PaperId = "a", OracleCount = 1 }, Base with { PaperId = "b" }, Base with { PaperId = "c" }];

        var result = PartitionQualityChecker.Check(papers, [], ruleset);

        Assert.False(result.Rule("mostly_oracles").Passed);
        Assert.False(result.Passed);
        Assert.Equal([new QuarantinedPaper("b", "mostly_oracles"), new QuarantinedPaper("c", "mostly_oracles")], result.Quarantined);
        Assert.Equal(["a"], result.PassingPapers.Select(p => p.PaperId));
    }

    [Fact]
    public void A_failing_tldr_quarantines_its_paper_with_all_its_tldrs_and_is_listed_once()
    {
        var ruleset = TestRulesets.Of("""
              - id: no_questions
                kind: range
                severity: error
                table: tldrs
                bounds:
                  - { column: is_question, max: 0 }
            """);
        PaperFeatures[] papers = [Base with { PaperId = "asks" }, Base with { PaperId = "tells" }];
        TldrFeatures[] tldrs =
        [
            BaseTldr with { PaperId = "asks", TldrIndex = 0, IsQuestion = true },
            BaseTldr with { PaperId = "asks", TldrIndex = 1 },
            BaseTldr with { PaperId = "asks", TldrIndex = 2, IsQuestion = true },
            BaseTldr with { PaperId = "tells", TldrIndex = 0 },
        ];

        var result = PartitionQualityChecker.Check(papers, tldrs, ruleset);

        Assert.Equal([new QuarantinedPaper("asks", "no_questions")], result.Quarantined);
        Assert.Equal(["tells"], result.PassingPapers.Select(p => p.PaperId));
        Assert.Equal([("tells", 0)], result.PassingTldrs.Select(t => (t.PaperId, t.TldrIndex)));
        Assert.Equal(["no_questions"], result.FailedRulesByPaper["asks"]);
        Assert.Equal([new RuleExample("asks", 0, "is_question=1"), new RuleExample("asks", 2, "is_question=1")], result.Rule("no_questions").Examples);
    }

    [Fact]
    public void Results_and_quarantine_reasons_follow_the_ruleset_order()
    {
        var ruleset = TestRulesets.Of("""
              - id: z_has_labels
                kind: completeness
                severity: error
                column: source_labels_length
              - id: a_has_scores
                kind: completeness
                severity: error
                column: rouge_scores_length
              - id: m_has_title
                kind: completeness
                severity: warning
                column: title
            """);

        var result = PartitionQualityChecker.Check([Base, Base with { PaperId = "q", SourceLabelsLength = 3 }], [], ruleset);

        Assert.Equal(["z_has_labels", "a_has_scores", "m_has_title"], result.Rules.Select(r => r.RuleId));
        Assert.Equal([new QuarantinedPaper("p", "z_has_labels"), new QuarantinedPaper("q", "a_has_scores")], result.Quarantined);
        Assert.Equal(["z_has_labels", "a_has_scores", "m_has_title"], result.FailedRulesByPaper["p"]);
    }

    [Fact]
    public void Run_level_rules_are_left_to_the_run_level_checker()
    {
        var result = PartitionQualityChecker.Check([Base, Base], [], TestRulesets.Default);

        Assert.DoesNotContain(result.Rules, r => r.RuleId is Rules.PaperIdUniqueId or Rules.TitleDuplicateId or Rules.TldrLengthOutlierId);
        // Schema rules judge files, not rows: the quality consumer checks them before reading the rows.
        Assert.Equal(TestRulesets.Default.PartitionRules.Where(r => r.Kind != RuleKind.Schema).Select(r => r.Id), result.Rules.Select(r => r.RuleId));
    }

    [Fact]
    public void Examples_stop_at_the_maximum_and_long_values_are_cut()
    {
        var ruleset = TestRulesets.Of("""
              - id: short_text
                kind: length
                severity: warning
                table: tldrs
                column: text
                max_length: 5
            """);
        var tldrs = Enumerable.Range(0, 4).Select(i => BaseTldr with { TldrIndex = i, Text = new string('x', 300) }).ToList();

        var rule = PartitionQualityChecker.Check([Base], tldrs, ruleset, maxExamples: 2).Rule("short_text");
        var titleRule = PartitionQualityChecker.Check(
            [Base with { Title = new string('t', 300) }],
            [],
            TestRulesets.Of("""
              - id: title_once
                kind: allowed_values
                severity: warning
                column: title
                values: [x]
            """)).Rule("title_once");

        Assert.Equal(4, rule.Failed);
        Assert.Equal([0, 1], rule.Examples.Select(e => e.TldrIndex!.Value));
        Assert.Equal(RowRule<PaperFeatures>.MaxValueLength + 1, titleRule.Examples[0].Value!.Length);
    }
}
