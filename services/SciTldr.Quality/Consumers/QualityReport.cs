using SciTldr.Domain.Quality;
using SciTldr.Domain.Runs;

namespace SciTldr.Quality.Consumers;

/// <summary><c>quality/run_id=R/part-N.json</c>: the partition's rule outcomes, quarantined papers and statistics.</summary>
public sealed record QualityReport(
    string RunId,
    int Partition,
    string Split,
    long Papers,
    long Tldrs,
    bool Passed,
    IReadOnlyList<RuleResult> Rules,
    IReadOnlyList<QuarantinedPaper> Quarantined,
    PartitionStats Stats)
{
    /// <summary>The version of the ruleset the partition was checked with (the file's <c>version</c>).</summary>
    public string? RulesetVersion { get; init; }

    /// <summary>
    /// Every paper with a failing row (error or warning; a failing TLDR counts for its paper), in input
    /// order, with the ids of the rules it failed: the row-level outcome of the partition rules.
    /// </summary>
    public IReadOnlyList<FlaggedPaper> Flagged { get; init; } = [];
}

/// <summary>A paper and the partition rules it failed, in ruleset order.</summary>
public sealed record FlaggedPaper(string PaperId, IReadOnlyList<string> FailedRules);

/// <summary>One line of <c>quarantine/run_id=R/stage=quality/part-N.jsonl.gz</c>.</summary>
public sealed record QualityQuarantineRecord(string PaperId, string Reason, IReadOnlyList<string> FailedRules);
