namespace SciTldr.Domain.Quality;

/// <summary>A data-quality rule as interfaces.md lists it (what runs is the ruleset's business).</summary>
/// <param name="Id">The stable rule id used in summaries and quarantine reasons.</param>
public sealed record QualityRule(string Id, RuleSeverity DefaultSeverity, RuleScope Scope, string Description);
