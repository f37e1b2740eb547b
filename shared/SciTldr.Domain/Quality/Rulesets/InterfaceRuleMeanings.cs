namespace SciTldr.Domain.Quality.Rulesets;

/// <summary>
/// What each interface rule of interfaces.md means in ruleset terms: its kind, table, scope and the
/// columns it reads. A ruleset may tune thresholds and severities, but a rule answering to one of
/// these ids must check what the interface says it checks.
/// </summary>
internal static class InterfaceRuleMeanings
{
    private static readonly Meaning[] Meanings =
    [
        new(Rules.AbstractNonemptyId, RuleKind.Range, RuleTable.Papers, ["abstract_nonblank_sentences"]),
        new(Rules.TldrNonemptyId, RuleKind.Range, RuleTable.Papers, ["tldr_count", "blank_tldr_count"]),
        new(Rules.RougeRangeId, RuleKind.Range, RuleTable.Papers, ["rouge_min", "rouge_max"]),
        new(Rules.PaperIdUniqueId, RuleKind.Uniqueness, RuleTable.Papers, ["paper_id"]),
        new(Rules.SourceAlignmentId, RuleKind.Consistency, RuleTable.Papers, ["abstract_sentences", "source_labels_length", "rouge_scores_length"]),
        new(Rules.SingleOracleId, RuleKind.Range, RuleTable.Papers, ["oracle_count"]),
        new(Rules.TitleDuplicateId, RuleKind.Uniqueness, RuleTable.Papers, ["title"]),
        new(Rules.TldrLengthOutlierId, RuleKind.Outlier, RuleTable.Tldrs, ["words"]),
    ];

    /// <param name="rulesLine">The line of the <c>rules:</c> key, where a missing rule is reported.</param>
    public static void Check(IReadOnlyList<RuleDefinition> rules, string source, int rulesLine)
    {
        foreach (var meaning in Meanings)
        {
            var scope = Rules.All.First(r => r.Id == meaning.Id).Scope;
            var rule = rules.FirstOrDefault(r => r.Id == meaning.Id)
                ?? throw new RulesetException(source, rulesLine, meaning.Id, "missing: every interface rule of interfaces.md must be in the ruleset");

            var columns = ColumnsOf(rule);
            if (rule.Kind != meaning.Kind || rule.Table != meaning.Table || rule.Scope != scope || !columns.SetEquals(meaning.Columns))
            {
                throw new RulesetException(
                    source,
                    rule.Line,
                    rule.Id,
                    $"an interface rule must keep its meaning: kind {RulesetNames.Of(meaning.Kind)}, table {RulesetNames.Of(meaning.Table)}, "
                    + $"scope {RulesetNames.Of(scope)}, columns {string.Join(", ", meaning.Columns)} "
                    + $"(found kind {RulesetNames.Of(rule.Kind)}, table {RulesetNames.Of(rule.Table)}, scope {RulesetNames.Of(rule.Scope)}, "
                    + $"columns {string.Join(", ", columns.Order(StringComparer.Ordinal))})");
            }
        }
    }

    private static HashSet<string> ColumnsOf(RuleDefinition rule) => rule.Kind switch
    {
        RuleKind.Range => [.. rule.Bounds.Select(b => b.Column)],
        RuleKind.Consistency => [.. rule.Columns],
        _ => rule.Column is { } column ? [column] : [],
    };

    private sealed record Meaning(string Id, RuleKind Kind, RuleTable Table, string[] Columns);
}
