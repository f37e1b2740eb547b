using System.Collections.ObjectModel;
using System.Text.Json.Serialization;
using SciTldr.Domain.Features;

namespace SciTldr.Domain.Quality;

/// <summary>A failing row shown in reports: the paper, the TLDR (for rules on the tldrs table) and the value that failed.</summary>
/// <param name="Value">The checked value as text (numbers invariant; long text cut short); null when the row had none.</param>
public sealed record RuleExample(
    string PaperId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TldrIndex,
    string? Value);

/// <summary>How one rule fared on a partition.</summary>
/// <param name="Severity">The severity in force for this check (the ruleset's, unless overridden).</param>
/// <param name="Evaluated">Rows the rule applied to; a rule about an optional field skips rows without it.</param>
/// <param name="Failed">Rows that failed it.</param>
/// <param name="Examples">The first few failing rows, in input order, for reports.</param>
public sealed record RuleResult(string RuleId, RuleSeverity Severity, int Evaluated, int Failed, IReadOnlyList<RuleExample> Examples)
{
    private readonly bool? _passed;

    /// <summary>The rule's kind as the ruleset spells it (<c>range</c>, <c>allowed_values</c>…).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    /// <summary>The table the rule read: <c>papers</c> or <c>tldrs</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Table { get; init; }

    /// <summary>The thresholds in force, e.g. <c>{"abstract_nonblank_sentences.min": 1, "mostly": 1}</c>.</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = ReadOnlyDictionary<string, double>.Empty;

    /// <summary>The failing share, <see cref="Failed"/> / <see cref="Evaluated"/>; null when no row was evaluated.</summary>
    public double? Observed { get; init; }

    /// <summary>
    /// Whether the rule held: the failing share is within 1 − <c>mostly</c>. Without an explicit value
    /// (results written before rules had <c>mostly</c>), a rule held when nothing failed.
    /// </summary>
    public bool Passed
    {
        get => _passed ?? Failed == 0;
        init => _passed = value;
    }
}

/// <summary>A paper removed by the quality stage, with the first error rule it failed.</summary>
public sealed record QuarantinedPaper(string PaperId, string Reason);

/// <summary>The outcome of the partition-level rules on one partition's silver rows.</summary>
public sealed record PartitionQualityResult
{
    /// <summary>One entry per partition rule, in ruleset order.</summary>
    public required IReadOnlyList<RuleResult> Rules { get; init; }

    /// <summary>
    /// For each paper with a failing row (errors and warnings, whether or not the rule held overall
    /// thanks to <c>mostly</c>; a failing TLDR counts for its paper), the rule ids in ruleset order.
    /// </summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> FailedRulesByPaper { get; init; }

    /// <summary>Papers not quarantined: these go on to gold.</summary>
    public required IReadOnlyList<PaperFeatures> PassingPapers { get; init; }

    /// <summary>The TLDR rows of <see cref="PassingPapers"/>.</summary>
    public required IReadOnlyList<TldrFeatures> PassingTldrs { get; init; }

    /// <summary>Papers with a row failing an error rule that did not hold, in input order.</summary>
    public required IReadOnlyList<QuarantinedPaper> Quarantined { get; init; }

    /// <summary>False when any error-severity rule did not hold.</summary>
    public bool Passed => Rules.All(r => r.Severity != RuleSeverity.Error || r.Passed);

    public RuleResult Rule(string ruleId) =>
        Rules.FirstOrDefault(r => r.RuleId == ruleId) ?? throw new KeyNotFoundException($"rule '{ruleId}' was not checked");
}
