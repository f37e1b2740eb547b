using SciTldr.Domain.Features;
using SciTldr.Domain.Quality.Rulesets;

namespace SciTldr.Domain.Quality;

/// <summary>
/// Applies a ruleset's partition-level rules to one partition's silver rows. It works from the
/// feature rows alone, so the quality stage never re-reads the text.
/// </summary>
public static class PartitionQualityChecker
{
    /// <summary>How many failing rows a rule result keeps as examples, unless told otherwise.</summary>
    public const int DefaultMaxExamples = 5;

    /// <summary>
    /// Evaluates every partition rule of <paramref name="ruleset"/>, in ruleset order, on every row of
    /// its table, and decides which papers go on to gold.
    /// </summary>
    /// <remarks>
    /// <para>A rule holds when at most ⌊(1 − mostly) · evaluated⌋ of its evaluated rows fail
    /// (<see cref="RowRules.Holds"/>). Row outcomes are recorded whether or not the rule held:
    /// every failing row is counted and listed in <see cref="PartitionQualityResult.FailedRulesByPaper"/>
    /// (a failing TLDR under its paper).</para>
    /// <para>Quarantine: a paper is quarantined when one of its rows fails an error rule that did not
    /// hold; the reason is the first such rule in ruleset order, and the paper's TLDRs go with it. An
    /// error rule with <c>mostly</c> below 1 that still holds quarantines nothing: its failing rows are
    /// tolerated by design and only flagged, the same as a warning's. (When it does not hold, all its
    /// failing rows are quarantined, not just the excess: which rows make the excess is arbitrary.)</para>
    /// </remarks>
    /// <param name="papers">The partition's paper rows, in input order.</param>
    /// <param name="tldrs">The partition's TLDR rows.</param>
    /// <param name="ruleset">The rules; its run-level rules are left to the run-level checker.</param>
    /// <param name="maxExamples">Failing rows kept per rule for reports.</param>
    public static PartitionQualityResult Check(
        IReadOnlyList<PaperFeatures> papers,
        IReadOnlyList<TldrFeatures> tldrs,
        Ruleset ruleset,
        int maxExamples = DefaultMaxExamples)
    {
        ArgumentNullException.ThrowIfNull(papers);
        ArgumentNullException.ThrowIfNull(tldrs);
        ArgumentNullException.ThrowIfNull(ruleset);
        ArgumentOutOfRangeException.ThrowIfNegative(maxExamples);

        // Schema rules judge the partition's files, not its rows: the quality consumer checks them first.
        var outcomes = ruleset.PartitionRules
            .Where(rule => rule.Kind != RuleKind.Schema)
            .Select(rule => rule.Table == RuleTable.Papers
                ? Evaluate(RowRules.ForPapers(rule), papers, static p => p.PaperId, static _ => null, maxExamples)
                : Evaluate(RowRules.ForTldrs(rule), tldrs, static t => t.PaperId, static t => t.TldrIndex, maxExamples))
            .ToList();

        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        var failedRules = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (result, failingPapers) in outcomes)
        {
            var quarantines = result.Severity == RuleSeverity.Error && !result.Passed;
            foreach (var paperId in failingPapers)
            {
                if (!failedRules.TryGetValue(paperId, out var rules))
                {
                    failedRules[paperId] = rules = [];
                }

                // A paper with several failing TLDRs lists the rule once.
                if (rules.Count == 0 || rules[^1] != result.RuleId)
                {
                    rules.Add(result.RuleId);
                }

                if (quarantines)
                {
                    reasons.TryAdd(paperId, result.RuleId);
                }
            }
        }

        var passingPapers = new List<PaperFeatures>(papers.Count);
        var quarantined = new List<QuarantinedPaper>();
        foreach (var paper in papers)
        {
            if (reasons.TryGetValue(paper.PaperId, out var reason))
            {
                quarantined.Add(new QuarantinedPaper(paper.PaperId, reason));
            }
            else
            {
                passingPapers.Add(paper);
            }
        }

        return new PartitionQualityResult
        {
            Rules = [.. outcomes.Select(o => o.Result)],
            FailedRulesByPaper = failedRules.ToDictionary(f => f.Key, IReadOnlyList<string> (f) => f.Value, StringComparer.Ordinal),
            PassingPapers = passingPapers,
            PassingTldrs = reasons.Count == 0 ? tldrs : [.. tldrs.Where(t => !reasons.ContainsKey(t.PaperId))],
            Quarantined = quarantined,
        };
    }

    private static (RuleResult Result, List<string> FailingPapers) Evaluate<TRow>(
        RowRule<TRow> rule,
        IReadOnlyList<TRow> rows,
        Func<TRow, string> paperId,
        Func<TRow, int?> tldrIndex,
        int maxExamples)
    {
        int evaluated = 0, failed = 0;
        var examples = new List<RuleExample>(Math.Min(maxExamples, 8));
        var failingPapers = new List<string>();
        foreach (var row in rows)
        {
            var verdict = rule.Check(row);
            if (verdict == RuleVerdict.NotApplicable)
            {
                continue;
            }

            evaluated++;
            if (verdict == RuleVerdict.Pass)
            {
                continue;
            }

            failed++;
            failingPapers.Add(paperId(row));
            if (examples.Count < maxExamples)
            {
                examples.Add(new RuleExample(paperId(row), tldrIndex(row), rule.Value(row)));
            }
        }

        var definition = rule.Definition;
        var result = new RuleResult(definition.Id, definition.Severity, evaluated, failed, examples)
        {
            Kind = RulesetNames.Of(definition.Kind),
            Table = RulesetNames.Of(definition.Table),
            Thresholds = ThresholdsOf(definition),
            Observed = evaluated == 0 ? null : (double)failed / evaluated,
            Passed = RowRules.Holds(failed, evaluated, definition.Mostly),
        };
        return (result, failingPapers);
    }

    /// <summary>The numeric thresholds of a partition rule, for reports: range bounds as <c>column.min</c>/<c>column.max</c>, lengths, and <c>mostly</c>.</summary>
    public static IReadOnlyDictionary<string, double> ThresholdsOf(RuleDefinition rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var bound in rule.Bounds)
        {
            if (bound.Min is { } min)
            {
                thresholds[$"{bound.Column}.min"] = min;
            }

            if (bound.Max is { } max)
            {
                thresholds[$"{bound.Column}.max"] = max;
            }
        }

        if (rule.MinLength is { } minLength)
        {
            thresholds["min_length"] = minLength;
        }

        if (rule.MaxLength is { } maxLength)
        {
            thresholds["max_length"] = maxLength;
        }

        thresholds["mostly"] = rule.Mostly;
        return thresholds;
    }
}
