using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.Rulesets;
using SciTldr.Testing;

namespace SciTldr.Domain.Tests.Quality.Rulesets;

public sealed class RulesetLoaderTests
{
    private const string File = "broken.yaml";

    [Fact]
    public void The_default_ruleset_loads_with_every_interface_rule()
    {
        var ruleset = RulesetLoader.Load(RepositoryPaths.DefaultRuleset);

        Assert.Equal("2026.2", ruleset.Version);
        Assert.Equal(RepositoryPaths.DefaultRuleset, ruleset.Source);
        Assert.Equal(20, ruleset.Rules.Count);
        Assert.All(Rules.All, rule => Assert.NotNull(ruleset.Find(rule.Id)));
        Assert.All(Rules.All, rule => Assert.Equal(rule.Scope, ruleset.Find(rule.Id)!.Scope));
        Assert.All(Rules.All, rule => Assert.Equal(rule.DefaultSeverity, ruleset.Find(rule.Id)!.Severity));
    }

    [Fact]
    public void The_default_ruleset_means_what_it_says()
    {
        var ruleset = TestRulesets.Default;

        var tldrNonempty = ruleset.Find(Rules.TldrNonemptyId)!;
        Assert.Equal((RuleKind.Range, RuleTable.Papers, 7 + 8), (tldrNonempty.Kind, tldrNonempty.Table, tldrNonempty.Line));
        Assert.Equal([new RuleBound("tldr_count", 1, null), new RuleBound("blank_tldr_count", null, 0)], tldrNonempty.Bounds);

        var titleDuplicate = ruleset.Find(Rules.TitleDuplicateId)!;
        Assert.Equal((RuleKind.Uniqueness, RuleScope.Run, "title", true), (titleDuplicate.Kind, titleDuplicate.Scope, titleDuplicate.Column, titleDuplicate.IgnoreBlank));

        var outlier = ruleset.Find(Rules.TldrLengthOutlierId)!;
        Assert.Equal((RuleKind.Outlier, RuleTable.Tldrs, RuleScope.Run, "words", "mad", 6.0), (outlier.Kind, outlier.Table, outlier.Scope, outlier.Column, outlier.Method, outlier.Threshold));

        var titlePresent = ruleset.Find("title_present")!;
        Assert.Equal((RuleKind.Completeness, 0.95, RuleScope.Partition), (titlePresent.Kind, titlePresent.Mostly, titlePresent.Scope));

        var sourceKnown = ruleset.Find("tldr_source_known")!;
        Assert.Equal(["author", "peer_review"], sourceKnown.Values);

        var length = ruleset.Find("tldr_text_length")!;
        Assert.Equal((10, 1000), (length.MinLength, length.MaxLength));

        var drift = ruleset.Find("tldr_words_drift")!;
        Assert.Equal((RuleKind.Drift, RuleScope.Run, "psi", 0.2), (drift.Kind, drift.Scope, drift.Method, drift.Threshold));
        Assert.Equal([5.0, 10, 15, 20, 25, 30, 40, 60], drift.Bins);

        var anomaly = ruleset.Find("quarantine_rate_anomaly")!;
        Assert.Equal((RuleKind.Anomaly, RuleScope.Run, "quarantine_rate", "robust_z", 4.0, 3, 20), (anomaly.Kind, anomaly.Scope, anomaly.Metric, anomaly.Method, anomaly.Threshold, anomaly.MinHistory, anomaly.Window));

        Assert.Equal(
            ["abstract_nonempty", "tldr_nonempty", "rouge_range", "source_alignment", "single_oracle", "papers_schema", "tldrs_schema", "paper_id_present", "title_present", "tldr_source_known", "tldr_text_length", "rouge_f1_range"],
            ruleset.PartitionRules.Select(r => r.Id));
        Assert.Equal(
            ["paper_id_unique", "title_duplicate", "tldr_length_outlier", "tldr_words_drift", "abstract_words_drift", "papers_count_anomaly", "tldr_words_mean_anomaly", "quarantine_rate_anomaly"],
            ruleset.RunRules.Select(r => r.Id));
    }

    [Fact]
    public void Every_rule_starts_on_the_line_of_its_id()
    {
        var lines = System.IO.File.ReadAllLines(RepositoryPaths.DefaultRuleset);

        Assert.All(TestRulesets.Default.Rules, rule => Assert.Equal($"  - id: {rule.Id}", lines[rule.Line - 1]));
    }

    [Fact]
    public void A_missing_file_names_the_path()
    {
        var ex = Assert.Throws<RulesetException>(() => RulesetLoader.Load("/nonexistent/rules.yaml"));

        Assert.StartsWith("/nonexistent/rules.yaml: cannot read the ruleset", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, int, string?, string> BrokenRulesets() => new()
    {
        {
            "yaml syntax",
            """
            version: "t"
            rules:
              - id: bad_yaml
                kind: range
                severity: error: oops
            """,
            5, "bad_yaml", "not valid YAML"
        },
        {
            "not a mapping",
            "- just\n- a list\n",
            1, null, "must be a mapping with 'version' and 'rules'"
        },
        {
            "missing version",
            """
            rules:
              - id: r
                kind: completeness
                severity: error
                column: paper_id
            """,
            1, null, "missing 'version'"
        },
        {
            "unknown top-level key",
            """
            version: "t"
            rule:
              - id: r
            """,
            2, null, "unknown top-level key 'rule'"
        },
        {
            "missing id",
            """
            version: "t"
            rules:
              - id: first
                kind: completeness
                severity: error
                column: paper_id
              - kind: completeness
                severity: error
                column: paper_id
            """,
            7, null, "rule #2 has no id"
        },
        {
            "duplicate id",
            """
            version: "t"
            rules:
              - id: twice
                kind: completeness
                severity: error
                column: paper_id
              - id: twice
                kind: completeness
                severity: warning
                column: title
            """,
            7, "twice", "duplicate id: already defined on line 3"
        },
        {
            "id not snake_case",
            """
            version: "t"
            rules:
              - id: Bad-Id
                kind: completeness
                severity: error
                column: paper_id
            """,
            3, "Bad-Id", "must match ^[a-z][a-z0-9_]{0,63}$"
        },
        {
            "unknown kind",
            """
            version: "t"
            rules:
              - id: r
                kind: regex
                severity: error
                column: paper_id
            """,
            4, "r", "unknown kind 'regex' (one of schema, completeness, range, allowed_values"
        },
        {
            "missing kind",
            """
            version: "t"
            rules:
              - id: r
                severity: error
                column: paper_id
            """,
            3, "r", "missing kind"
        },
        {
            "unknown severity",
            """
            version: "t"
            rules:
              - id: r
                kind: completeness
                severity: fatal
                column: paper_id
            """,
            5, "r", "unknown severity 'fatal' (one of error, warning)"
        },
        {
            "unknown table",
            """
            version: "t"
            rules:
              - id: r
                kind: completeness
                severity: error
                table: gold
                column: paper_id
            """,
            6, "r", "unknown table 'gold' (one of papers, tldrs)"
        },
        {
            "unknown scope",
            """
            version: "t"
            rules:
              - id: r
                kind: uniqueness
                severity: error
                scope: global
                column: paper_id
            """,
            6, "r", "unknown scope 'global' (one of partition, run)"
        },
        {
            "typo in a key",
            """
            version: "t"
            rules:
              - id: words_outlier
                kind: outlier
                severity: warning
                table: tldrs
                column: words
                method: mad
                theshold: 6
            """,
            9, "words_outlier", "unknown key 'theshold' (did you mean 'threshold'?)"
        },
        {
            "key of another kind",
            """
            version: "t"
            rules:
              - id: r
                kind: range
                severity: error
                bounds:
                  - { column: tldr_count, min: 1 }
                bins: [1, 2]
            """,
            8, "r", "key 'bins' does not apply to kind range"
        },
        {
            "range without bounds",
            """
            version: "t"
            rules:
              - id: r
                kind: range
                severity: error
            """,
            3, "r", "a range rule needs bounds"
        },
        {
            "bound without min or max",
            """
            version: "t"
            rules:
              - id: r
                kind: range
                severity: error
                bounds:
                  - { column: tldr_count, min: 1 }
                  - { column: oracle_count }
            """,
            8, "r", "the bound on oracle_count needs min, max or both"
        },
        {
            "min above max",
            """
            version: "t"
            rules:
              - id: r
                kind: range
                severity: error
                bounds:
                  - { column: oracle_count, min: 2, max: 1 }
            """,
            7, "r", "min 2 > max 1"
        },
        {
            "range on a text column",
            """
            version: "t"
            rules:
              - id: r
                kind: range
                severity: error
                bounds:
                  - column: title
                    min: 1
            """,
            7, "r", "column title is text; this rule needs numeric"
        },
        {
            "consistency with one column",
            """
            version: "t"
            rules:
              - id: r
                kind: consistency
                severity: warning
                columns: [abstract_sentences]
            """,
            6, "r", "at least two columns"
        },
        {
            "allowed values without values",
            """
            version: "t"
            rules:
              - id: r
                kind: allowed_values
                severity: error
                table: tldrs
                column: source
            """,
            3, "r", "needs values"
        },
        {
            "length with min above max",
            """
            version: "t"
            rules:
              - id: r
                kind: length
                severity: warning
                table: tldrs
                column: text
                min_length: 20
                max_length: 10
            """,
            8, "r", "min_length 20 > max_length 10"
        },
        {
            "outlier without threshold",
            """
            version: "t"
            rules:
              - id: r
                kind: outlier
                severity: warning
                table: tldrs
                column: words
                method: mad
            """,
            3, "r", "missing threshold"
        },
        {
            "outlier with an unknown method",
            """
            version: "t"
            rules:
              - id: r
                kind: outlier
                severity: warning
                table: tldrs
                column: words
                method: zscore
                threshold: 3
            """,
            8, "r", "unknown method 'zscore' (one of mad, iqr)"
        },
        {
            "drift without bins",
            """
            version: "t"
            rules:
              - id: r
                kind: drift
                severity: warning
                table: tldrs
                column: words
                method: psi
                threshold: 0.2
            """,
            3, "r", "a drift rule needs bins"
        },
        {
            "drift with bins out of order",
            """
            version: "t"
            rules:
              - id: r
                kind: drift
                severity: warning
                table: tldrs
                column: words
                method: psi
                threshold: 0.2
                bins:
                  - 5
                  - 10
                  - 10
            """,
            13, "r", "bins must be strictly increasing: 10 follows 10"
        },
        {
            "drift with an unknown method",
            """
            version: "t"
            rules:
              - id: r
                kind: drift
                severity: warning
                column: abstract_words
                method: chi2
                threshold: 0.2
                bins: [1, 2]
            """,
            7, "r", "unknown method 'chi2' (one of psi, ks)"
        },
        {
            "drift threshold not positive",
            """
            version: "t"
            rules:
              - id: tldr_words_drift
                kind: drift
                severity: warning
                table: tldrs
                column: words
                method: psi
                threshold: 0
                bins: [1, 2]
            """,
            9, "tldr_words_drift", "threshold must be > 0"
        },
        {
            "anomaly without metric",
            """
            version: "t"
            rules:
              - id: r
                kind: anomaly
                severity: warning
                threshold: 4
            """,
            3, "r", "an anomaly rule needs a metric"
        },
        {
            "anomaly with an unknown metric",
            """
            version: "t"
            rules:
              - id: r
                kind: anomaly
                severity: warning
                metric: paper
                threshold: 4
            """,
            6, "r", "unknown metric 'paper' (did you mean 'papers'?)"
        },
        {
            "mostly zero",
            """
            version: "t"
            rules:
              - id: r
                kind: completeness
                severity: warning
                column: title
                mostly: 0
            """,
            7, "r", "mostly must be within (0, 1], not 0"
        },
        {
            "mostly above one",
            """
            version: "t"
            rules:
              - id: r
                kind: completeness
                severity: warning
                column: title
                mostly: 1.5
            """,
            7, "r", "mostly must be within (0, 1], not 1.5"
        },
        {
            "unknown column",
            """
            version: "t"
            rules:
              - id: r
                kind: completeness
                severity: warning
                column: titel
            """,
            6, "r", "unknown column 'titel' in table papers (did you mean 'title'?)"
        },
        {
            "column of the other table",
            """
            version: "t"
            rules:
              - id: r
                kind: outlier
                severity: warning
                column: words
                method: mad
                threshold: 6
            """,
            6, "r", "unknown column 'words' in table papers"
        },
        {
            "outlier in partition scope",
            """
            version: "t"
            rules:
              - id: r
                kind: outlier
                severity: warning
                scope: partition
                table: tldrs
                column: words
                method: mad
                threshold: 6
            """,
            6, "r", "needs the whole run: scope must be run"
        },
        {
            "range in run scope",
            """
            version: "t"
            rules:
              - id: r
                kind: range
                severity: error
                scope: run
                bounds:
                  - { column: tldr_count, min: 1 }
            """,
            6, "r", "scope must be partition"
        },
        {
            "number that is not one",
            """
            version: "t"
            rules:
              - id: r
                kind: range
                severity: error
                bounds:
                  - { column: tldr_count, min: one }
            """,
            7, "r", "min must be a finite number, not 'one'"
        },
    };

    [Theory]
    [MemberData(nameof(BrokenRulesets))]
    public void A_broken_ruleset_is_refused_naming_file_line_and_rule(string problem, string yaml, int line, string? ruleId, string fragment)
    {
        var ex = Assert.Throws<RulesetException>(() => RulesetLoader.Parse(yaml, File, TestRulesets.WithoutInterfaceRules));

        var where = ruleId is null ? $"{File}:{line}: " : $"{File}:{line}: rule '{ruleId}': ";
        Assert.True(ex.Message.StartsWith(where, StringComparison.Ordinal), $"{problem}: '{ex.Message}' does not start with '{where}'");
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.Equal((line, ruleId), (ex.Line, ex.RuleId));
    }

    [Fact]
    public void Run_kinds_are_run_scoped_and_uniqueness_defaults_to_partition()
    {
        var ruleset = TestRulesets.Of("""
              - id: unique_in_partition
                kind: uniqueness
                severity: warning
                column: abstract_sha256
              - id: outlier_without_scope
                kind: outlier
                severity: warning
                table: tldrs
                column: words
                method: iqr
                threshold: 1.5
              - id: anomaly_without_method
                kind: anomaly
                severity: warning
                metric: papers
                threshold: 3
            """);

        Assert.Equal(RuleScope.Partition, ruleset.Find("unique_in_partition")!.Scope);
        Assert.Equal(RuleScope.Run, ruleset.Find("outlier_without_scope")!.Scope);
        Assert.Equal((RuleScope.Run, "robust_z", 3, 20), (ruleset.Find("anomaly_without_method")!.Scope, ruleset.Find("anomaly_without_method")!.Method, ruleset.Find("anomaly_without_method")!.MinHistory, ruleset.Find("anomaly_without_method")!.Window));
    }

    [Fact]
    public void A_missing_interface_rule_is_refused_at_the_rules_key()
    {
        var yaml = System.IO.File.ReadAllText(RepositoryPaths.DefaultRuleset);
        var withoutSingleOracle = RemoveRule(yaml, Rules.SingleOracleId);

        var ex = Assert.Throws<RulesetException>(() => RulesetLoader.Parse(withoutSingleOracle, File));

        Assert.StartsWith($"{File}:5: rule 'single_oracle': missing", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TestRulesets.Default.Rules.Count - 1, RulesetLoader.Parse(withoutSingleOracle, File, TestRulesets.WithoutInterfaceRules).Rules.Count);
    }

    [Fact]
    public void An_interface_rule_that_changes_meaning_is_refused_at_its_line()
    {
        var yaml = System.IO.File.ReadAllText(RepositoryPaths.DefaultRuleset);
        var outlierOnChars = yaml.Replace("    column: words\n    method: mad", "    column: chars\n    method: mad", StringComparison.Ordinal);
        Assert.NotEqual(yaml, outlierOnChars);

        var ex = Assert.Throws<RulesetException>(() => RulesetLoader.Parse(outlierOnChars, File));

        Assert.StartsWith($"{File}:65: rule 'tldr_length_outlier': an interface rule must keep its meaning", ex.Message, StringComparison.Ordinal);
        Assert.Contains("columns words (found kind outlier, table tldrs, scope run, columns chars)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interface_uniqueness_rule_must_stay_run_scoped()
    {
        var yaml = System.IO.File.ReadAllText(RepositoryPaths.DefaultRuleset);
        var partitionScoped = yaml.Replace("    scope: run\n    description: paper_id unique", "    scope: partition\n    description: paper_id unique", StringComparison.Ordinal);
        Assert.NotEqual(yaml, partitionScoped);

        var ex = Assert.Throws<RulesetException>(() => RulesetLoader.Parse(partitionScoped, File));

        Assert.StartsWith($"{File}:33: rule 'paper_id_unique': an interface rule must keep its meaning", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Severity_overrides_replace_only_the_named_rules()
    {
        var ruleset = TestRulesets.Default.WithSeverities(new Dictionary<string, RuleSeverity>
        {
            [Rules.SingleOracleId] = RuleSeverity.Error,
            [Rules.RougeRangeId] = RuleSeverity.Warning,
        });

        Assert.Equal(RuleSeverity.Error, ruleset.Find(Rules.SingleOracleId)!.Severity);
        Assert.Equal(RuleSeverity.Warning, ruleset.Find(Rules.RougeRangeId)!.Severity);
        Assert.Equal(RuleSeverity.Error, ruleset.Find(Rules.AbstractNonemptyId)!.Severity);
        Assert.Equal(TestRulesets.Default.Rules.Select(r => r.Id), ruleset.Rules.Select(r => r.Id));
        Assert.Equal(RuleSeverity.Warning, TestRulesets.Default.Find(Rules.SingleOracleId)!.Severity);
    }

    private static string RemoveRule(string yaml, string id)
    {
        var start = yaml.IndexOf($"  - id: {id}\n", StringComparison.Ordinal);
        var end = yaml.IndexOf("  - id: ", start + 1, StringComparison.Ordinal);
        return string.Concat(yaml.AsSpan(0, start), yaml.AsSpan(end));
    }
}
