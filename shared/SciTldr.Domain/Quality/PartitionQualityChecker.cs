using SciTldr.Domain.Features;

namespace SciTldr.Domain.Quality;

/// <summary>Whether a rule held for one paper, or did not apply (the optional field it checks is absent).</summary>
public enum RuleVerdict
{
    NotApplicable,
    Pass,
    Fail,
}

/// <summary>
/// Applies the partition-level rules to one partition's silver rows. It works from the feature
/// rows alone, so the quality stage never re-reads the text.
/// </summary>
public static class PartitionQualityChecker
{
    /// <summary>How many failing paper ids a rule result keeps as examples.</summary>
    public const int MaxExamples = 5;

    private static readonly (QualityRule Rule, Func<PaperFeatures, RuleVerdict> Check)[] Checks =
        [.. Rules.PartitionRules.Select(rule => (rule, CheckFor(rule.Id)))];

    /// <summary>Evaluates one partition rule on one paper.</summary>
    public static RuleVerdict Evaluate(string ruleId, PaperFeatures paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        foreach (var (rule, check) in Checks)
        {
            if (rule.Id == ruleId)
            {
                return check(paper);
            }
        }

        throw new ArgumentException($"'{ruleId}' is not a partition-level rule", nameof(ruleId));
    }

    /// <param name="papers">The partition's paper rows, in input order.</param>
    /// <param name="tldrs">The partition's TLDR rows.</param>
    /// <param name="severityOverrides">Severities that replace a rule's default, by rule id.</param>
    public static PartitionQualityResult Check(
        IReadOnlyList<PaperFeatures> papers,
        IReadOnlyList<TldrFeatures> tldrs,
        IReadOnlyDictionary<string, RuleSeverity>? severityOverrides = null)
    {
        ArgumentNullException.ThrowIfNull(papers);
        ArgumentNullException.ThrowIfNull(tldrs);

        var severities = EffectiveSeverities(severityOverrides);
        var evaluated = new int[Checks.Length];
        var failed = new int[Checks.Length];
        var examples = new List<string>[Checks.Length];
        for (var r = 0; r < Checks.Length; r++)
        {
            examples[r] = new List<string>(MaxExamples);
        }

        var failedRulesByPaper = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var passingPapers = new List<PaperFeatures>(papers.Count);
        var quarantined = new List<QuarantinedPaper>();
        var quarantinedIds = new HashSet<string>(StringComparer.Ordinal);
        List<string>? paperFailures = null;

        foreach (var paper in papers)
        {
            string? quarantineReason = null;
            for (var r = 0; r < Checks.Length; r++)
            {
                var verdict = Checks[r].Check(paper);
                if (verdict == RuleVerdict.NotApplicable)
                {
                    continue;
                }

                evaluated[r]++;
                if (verdict == RuleVerdict.Pass)
                {
                    continue;
                }

                failed[r]++;
                if (examples[r].Count < MaxExamples)
                {
                    examples[r].Add(paper.PaperId);
                }

                (paperFailures ??= []).Add(Checks[r].Rule.Id);
                if (severities[r] == RuleSeverity.Error)
                {
                    quarantineReason ??= Checks[r].Rule.Id;
                }
            }

            if (paperFailures is not null)
            {
                failedRulesByPaper[paper.PaperId] = paperFailures;
                paperFailures = null;
            }

            if (quarantineReason is null)
            {
                passingPapers.Add(paper);
            }
            else
            {
                quarantined.Add(new QuarantinedPaper(paper.PaperId, quarantineReason));
                quarantinedIds.Add(paper.PaperId);
            }
        }

        var passingTldrs = quarantinedIds.Count == 0
            ? tldrs
            : [.. tldrs.Where(t => !quarantinedIds.Contains(t.PaperId))];

        var results = new RuleResult[Checks.Length];
        for (var r = 0; r < Checks.Length; r++)
        {
            results[r] = new RuleResult(Checks[r].Rule.Id, severities[r], evaluated[r], failed[r], examples[r]);
        }

        return new PartitionQualityResult
        {
            Rules = results,
            FailedRulesByPaper = failedRulesByPaper,
            PassingPapers = passingPapers,
            PassingTldrs = passingTldrs,
            Quarantined = quarantined,
        };
    }

    private static RuleSeverity[] EffectiveSeverities(IReadOnlyDictionary<string, RuleSeverity>? overrides)
    {
        if (overrides is not null)
        {
            foreach (var id in overrides.Keys)
            {
                if (!Rules.TryGet(id, out _))
                {
                    throw new ArgumentException($"severity override for unknown rule '{id}'", nameof(overrides));
                }
            }
        }

        return [.. Checks.Select(c => overrides is not null && overrides.TryGetValue(c.Rule.Id, out var s) ? s : c.Rule.DefaultSeverity)];
    }

    // Each partition rule's check. A rule registered for partition scope without a check here fails
    // at type initialisation, so the registry and the checks cannot drift apart unnoticed.
    private static Func<PaperFeatures, RuleVerdict> CheckFor(string ruleId) => ruleId switch
    {
        Rules.AbstractNonemptyId => p => Verdict(p.AbstractNonblankSentences > 0),
        Rules.TldrNonemptyId => p => Verdict(p.TldrCount > 0 && p.BlankTldrCount == 0),
        Rules.RougeRangeId => p => p.RougeMin is null || p.RougeMax is null
            ? RuleVerdict.NotApplicable
            : Verdict(p.RougeMin >= 0 && p.RougeMax <= 1),
        Rules.SourceAlignmentId => p => p.SourceLabelsLength is null && p.RougeScoresLength is null
            ? RuleVerdict.NotApplicable
            : Verdict((p.SourceLabelsLength ?? p.AbstractSentences) == p.AbstractSentences
                && (p.RougeScoresLength ?? p.AbstractSentences) == p.AbstractSentences),
        Rules.SingleOracleId => p => p.OracleCount is null ? RuleVerdict.NotApplicable : Verdict(p.OracleCount == 1),
        _ => throw new InvalidOperationException($"partition rule '{ruleId}' has no check"),
    };

    private static RuleVerdict Verdict(bool holds) => holds ? RuleVerdict.Pass : RuleVerdict.Fail;
}
