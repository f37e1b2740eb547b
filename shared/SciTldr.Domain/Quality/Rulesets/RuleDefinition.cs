namespace SciTldr.Domain.Quality.Rulesets;

/// <summary>What a rule checks; each kind has its own parameters (see docs/quality.md).</summary>
public enum RuleKind
{
    /// <summary>The partition's silver file of <see cref="RuleDefinition.Table"/> has exactly the expected columns, types, nullability and schema version; if not, every row of the partition fails.</summary>
    Schema,

    /// <summary>The column has a value (non-null; for text: not blank) in at least <see cref="RuleDefinition.Mostly"/> of the rows.</summary>
    Completeness,

    /// <summary>Every bound holds (min/max, inclusive) where the column has a value; rows without one are not evaluated.</summary>
    Range,

    /// <summary>The (text) column takes one of <see cref="RuleDefinition.Values"/>.</summary>
    AllowedValues,

    /// <summary>The text column's length in characters lies within min/max.</summary>
    Length,

    /// <summary>Cross-field: the <see cref="RuleDefinition.Columns"/> that have a value are all equal.</summary>
    Consistency,

    /// <summary>No two rows share the column's value, within the partition or (scope run) across the whole run; the first occurrence passes.</summary>
    Uniqueness,

    /// <summary>Robust outliers over the run: farther than <see cref="RuleDefinition.Threshold"/> MADs from the median, or beyond Tukey's fences of <see cref="RuleDefinition.Threshold"/> IQRs.</summary>
    Outlier,

    /// <summary>The run's distribution of the column against the last successful run of the same split (PSI or KS over <see cref="RuleDefinition.Bins"/>).</summary>
    Drift,

    /// <summary>A run metric against its history of successful runs of the same split (robust z-score).</summary>
    Anomaly,
}

/// <summary>Which silver table a rule reads.</summary>
public enum RuleTable
{
    Papers,
    Tldrs,
}

/// <summary>A bound of a range rule: <paramref name="Column"/> within [<paramref name="Min"/>, <paramref name="Max"/>], either side optional.</summary>
public sealed record RuleBound(string Column, double? Min, double? Max);

/// <summary>
/// One rule of a ruleset, as the YAML file declares it. Every rule has an id, a kind, a severity and
/// the thresholds of its kind; <see cref="Line"/> is where it starts in its file, for error messages.
/// </summary>
public sealed record RuleDefinition
{
    public required string Id { get; init; }

    public required RuleKind Kind { get; init; }

    public required RuleSeverity Severity { get; init; }

    public RuleTable Table { get; init; } = RuleTable.Papers;

    public string Description { get; init; } = "";

    /// <summary>Partition rules run per partition; run rules once every partition is in (uniqueness may be either; outlier, drift and anomaly are run rules).</summary>
    public RuleScope Scope { get; init; } = RuleScope.Partition;

    /// <summary>The column checked (completeness, allowed values, length, uniqueness, outlier, drift).</summary>
    public string? Column { get; init; }

    /// <summary>Range: the bounds, all of which must hold.</summary>
    public IReadOnlyList<RuleBound> Bounds { get; init; } = [];

    /// <summary>Consistency: the columns that must agree.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>Allowed values.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>Length: bounds in characters.</summary>
    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>The fraction of evaluated rows that must pass for the rule to pass (Deequ's and Great Expectations' "mostly"); 1 = every row.</summary>
    public double Mostly { get; init; } = 1.0;

    /// <summary>Outlier: <c>mad</c> or <c>iqr</c>; drift: <c>psi</c> or <c>ks</c>; anomaly: <c>robust_z</c>.</summary>
    public string? Method { get; init; }

    /// <summary>Outlier: MADs or IQRs; drift: the PSI or KS statistic above which the rule fails; anomaly: the |z| above which it fails.</summary>
    public double? Threshold { get; init; }

    /// <summary>Drift: the bin edges of the histograms compared (values below the first and above the last get bins of their own).</summary>
    public IReadOnlyList<double> Bins { get; init; } = [];

    /// <summary>Anomaly: the run metric (e.g. <c>papers</c>, <c>abstract_words_mean</c>, <c>quarantine_rate</c>).</summary>
    public string? Metric { get; init; }

    /// <summary>Anomaly: how many earlier successful runs are needed before the rule judges (fewer: it passes, saying why).</summary>
    public int MinHistory { get; init; } = 3;

    /// <summary>Anomaly: how many of the most recent successful runs make the baseline.</summary>
    public int Window { get; init; } = 20;

    /// <summary>Uniqueness and completeness of text: ignore blank values (e.g. papers without a title).</summary>
    public bool IgnoreBlank { get; init; }

    /// <summary>1-based line in the ruleset file where the rule starts.</summary>
    public int Line { get; init; }
}

/// <summary>A versioned set of rules, and where it was read from.</summary>
public sealed record Ruleset(string Version, string Source, IReadOnlyList<RuleDefinition> Rules)
{
    public RuleDefinition? Find(string id) => Rules.FirstOrDefault(r => r.Id == id);

    public IEnumerable<RuleDefinition> PartitionRules => Rules.Where(r => r.Scope == RuleScope.Partition);

    public IEnumerable<RuleDefinition> RunRules => Rules.Where(r => r.Scope == RuleScope.Run);
}
