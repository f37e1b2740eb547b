namespace SciTldr.Domain.Quality.Rulesets;

/// <summary>The spellings a ruleset file uses for kinds, tables and scopes (snake_case, like its keys).</summary>
public static class RulesetNames
{
    private static readonly Dictionary<string, RuleKind> Kinds = new(StringComparer.Ordinal)
    {
        ["schema"] = RuleKind.Schema,
        ["completeness"] = RuleKind.Completeness,
        ["range"] = RuleKind.Range,
        ["allowed_values"] = RuleKind.AllowedValues,
        ["length"] = RuleKind.Length,
        ["consistency"] = RuleKind.Consistency,
        ["uniqueness"] = RuleKind.Uniqueness,
        ["outlier"] = RuleKind.Outlier,
        ["drift"] = RuleKind.Drift,
        ["anomaly"] = RuleKind.Anomaly,
    };

    private static readonly Dictionary<string, RuleTable> Tables = new(StringComparer.Ordinal)
    {
        ["papers"] = RuleTable.Papers,
        ["tldrs"] = RuleTable.Tldrs,
    };

    private static readonly Dictionary<string, RuleScope> Scopes = new(StringComparer.Ordinal)
    {
        ["partition"] = RuleScope.Partition,
        ["run"] = RuleScope.Run,
    };

    private static readonly Dictionary<string, RuleSeverity> Severities = new(StringComparer.Ordinal)
    {
        ["error"] = RuleSeverity.Error,
        ["warning"] = RuleSeverity.Warning,
    };

    public static IEnumerable<string> KindNames => Kinds.Keys;

    public static IEnumerable<string> TableNames => Tables.Keys;

    public static IEnumerable<string> ScopeNames => Scopes.Keys;

    public static IEnumerable<string> SeverityNames => Severities.Keys;

    public static string Of(RuleKind kind) => Kinds.First(k => k.Value == kind).Key;

    public static string Of(RuleTable table) => Tables.First(t => t.Value == table).Key;

    public static string Of(RuleScope scope) => Scopes.First(s => s.Value == scope).Key;

    public static bool TryParseKind(string name, out RuleKind kind) => Kinds.TryGetValue(name, out kind);

    public static bool TryParseTable(string name, out RuleTable table) => Tables.TryGetValue(name, out table);

    public static bool TryParseScope(string name, out RuleScope scope) => Scopes.TryGetValue(name, out scope);

    /// <summary>"error" or "warning"; <paramref name="ignoreCase"/> for configuration values, which are not the file's spelling.</summary>
    public static bool TryParseSeverity(string name, out RuleSeverity severity, bool ignoreCase = false) =>
        Severities.TryGetValue(ignoreCase ? name.Trim().ToLowerInvariant() : name, out severity);
}
