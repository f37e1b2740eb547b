namespace SciTldr.Domain.Quality;

/// <summary>
/// The interface rules of interfaces.md ("Data-quality rule ids"): their ids, for code that refers to
/// one of them, and the table as the interface writes it. What runs, with which thresholds, severity
/// and order, is the ruleset file's business (services/SciTldr.Quality/Rules/scitldr-quality.yaml);
/// the loader insists that every rule here is in it with the meaning the interface gives it.
/// </summary>
public static class Rules
{
    public const string AbstractNonemptyId = "abstract_nonempty";
    public const string TldrNonemptyId = "tldr_nonempty";
    public const string RougeRangeId = "rouge_range";
    public const string PaperIdUniqueId = "paper_id_unique";
    public const string SourceAlignmentId = "source_alignment";
    public const string SingleOracleId = "single_oracle";
    public const string TitleDuplicateId = "title_duplicate";
    public const string TldrLengthOutlierId = "tldr_length_outlier";

    /// <summary>The interface rules in the order interfaces.md lists them (summaries list rules in this order first).</summary>
    public static readonly IReadOnlyList<QualityRule> All =
    [
        new(AbstractNonemptyId, RuleSeverity.Error, RuleScope.Partition, "at least one non-blank sentence in source"),
        new(TldrNonemptyId, RuleSeverity.Error, RuleScope.Partition, "every TLDR in target is non-blank, and there is at least one"),
        new(RougeRangeId, RuleSeverity.Error, RuleScope.Partition, "every rouge_scores value is within [0, 1]"),
        new(PaperIdUniqueId, RuleSeverity.Error, RuleScope.Run, "paper_id is unique across the whole run"),
        new(SourceAlignmentId, RuleSeverity.Warning, RuleScope.Partition, "source, source_labels and rouge_scores have equal lengths (when present)"),
        new(SingleOracleId, RuleSeverity.Warning, RuleScope.Partition, "exactly one 1 in source_labels (when present)"),
        new(TitleDuplicateId, RuleSeverity.Warning, RuleScope.Run, "the title is shared with another paper of the run"),
        new(TldrLengthOutlierId, RuleSeverity.Warning, RuleScope.Run, "TLDR length far outside the run's distribution"),
    ];
}
