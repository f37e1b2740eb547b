namespace SciTldr.Domain.Quality;

/// <summary>Where a rule can be evaluated: within one partition, or only once the whole run is known.</summary>
public enum RuleScope
{
    Partition,
    Run,
}

/// <summary>A data-quality rule as the interface lists it.</summary>
/// <param name="Id">The stable rule id used in summaries and quarantine reasons.</param>
public sealed record QualityRule(string Id, RuleSeverity DefaultSeverity, RuleScope Scope, string Description);
