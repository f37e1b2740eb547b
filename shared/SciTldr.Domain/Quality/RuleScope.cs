namespace SciTldr.Domain.Quality;

/// <summary>Where a rule can be evaluated: within one partition, or only once the whole run is known.</summary>
public enum RuleScope
{
    Partition,
    Run,
}
