using System.Diagnostics.CodeAnalysis;

namespace SciTldr.Domain.Quality;

/// <summary>
/// The registry of data-quality rules. Order matters: a record failing several error rules is
/// quarantined with the first of them, in this order, so reasons are stable from run to run.
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

    public static readonly QualityRule AbstractNonempty = new(
        AbstractNonemptyId, RuleSeverity.Error, RuleScope.Partition, "at least one non-blank sentence in source");

    public static readonly QualityRule TldrNonempty = new(
        TldrNonemptyId, RuleSeverity.Error, RuleScope.Partition, "every TLDR in target is non-blank, and there is at least one");

    public static readonly QualityRule RougeRange = new(
        RougeRangeId, RuleSeverity.Error, RuleScope.Partition, "every rouge_scores value is within [0, 1]");

    public static readonly QualityRule PaperIdUnique = new(
        PaperIdUniqueId, RuleSeverity.Error, RuleScope.Run, "paper_id is unique across the whole run");

    public static readonly QualityRule SourceAlignment = new(
        SourceAlignmentId, RuleSeverity.Warning, RuleScope.Partition, "source, source_labels and rouge_scores have equal lengths (when present)");

    public static readonly QualityRule SingleOracle = new(
        SingleOracleId, RuleSeverity.Warning, RuleScope.Partition, "exactly one 1 in source_labels (when present)");

    public static readonly QualityRule TitleDuplicate = new(
        TitleDuplicateId, RuleSeverity.Warning, RuleScope.Run, "the title is shared with another paper of the run");

    public static readonly QualityRule TldrLengthOutlier = new(
        TldrLengthOutlierId, RuleSeverity.Warning, RuleScope.Run, "TLDR length far outside the run's distribution");

    /// <summary>Every rule, in registry order.</summary>
    public static readonly IReadOnlyList<QualityRule> All =
    [
        AbstractNonempty,
        TldrNonempty,
        RougeRange,
        PaperIdUnique,
        SourceAlignment,
        SingleOracle,
        TitleDuplicate,
        TldrLengthOutlier,
    ];

    /// <summary>The rules one partition can decide on its own, in registry order.</summary>
    public static readonly IReadOnlyList<QualityRule> PartitionRules = [.. All.Where(r => r.Scope == RuleScope.Partition)];

    /// <summary>The rules that need the whole run, in registry order.</summary>
    public static readonly IReadOnlyList<QualityRule> RunRules = [.. All.Where(r => r.Scope == RuleScope.Run)];

    public static QualityRule Get(string id) =>
        All.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"no quality rule '{id}'");

    public static bool TryGet(string id, [NotNullWhen(true)] out QualityRule? rule)
    {
        rule = All.FirstOrDefault(r => r.Id == id);
        return rule is not null;
    }
}
