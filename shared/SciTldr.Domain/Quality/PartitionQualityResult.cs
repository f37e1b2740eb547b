using SciTldr.Domain.Features;

namespace SciTldr.Domain.Quality;

/// <summary>How one rule fared on a partition.</summary>
/// <param name="Severity">The severity in force for this check (the default unless overridden).</param>
/// <param name="Evaluated">Papers the rule applied to; a rule about an optional field skips papers without it.</param>
/// <param name="Failed">Papers that failed it.</param>
/// <param name="Examples">The first few failing paper ids, in input order, for reports.</param>
public sealed record RuleResult(string RuleId, RuleSeverity Severity, int Evaluated, int Failed, IReadOnlyList<string> Examples);

/// <summary>A paper removed by the quality stage, with the first error rule it failed.</summary>
public sealed record QuarantinedPaper(string PaperId, string Reason);

/// <summary>The outcome of the partition-level rules on one partition's silver rows.</summary>
public sealed record PartitionQualityResult
{
    /// <summary>One entry per partition rule, in registry order.</summary>
    public required IReadOnlyList<RuleResult> Rules { get; init; }

    /// <summary>For each paper that failed anything (errors and warnings), the rule ids in registry order.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> FailedRulesByPaper { get; init; }

    /// <summary>Papers that pass every error rule: these go on to gold.</summary>
    public required IReadOnlyList<PaperFeatures> PassingPapers { get; init; }

    /// <summary>The TLDR rows of <see cref="PassingPapers"/>.</summary>
    public required IReadOnlyList<TldrFeatures> PassingTldrs { get; init; }

    /// <summary>Papers failing an error rule, in input order.</summary>
    public required IReadOnlyList<QuarantinedPaper> Quarantined { get; init; }

    /// <summary>False when any error-severity rule failed on some paper.</summary>
    public bool Passed => Rules.All(r => r.Severity != RuleSeverity.Error || r.Failed == 0);

    public RuleResult Rule(string ruleId) =>
        Rules.FirstOrDefault(r => r.RuleId == ruleId) ?? throw new KeyNotFoundException($"rule '{ruleId}' was not checked");
}
