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
}

/// <summary>One line of <c>quarantine/run_id=R/stage=quality/part-N.jsonl.gz</c>.</summary>
public sealed record QualityQuarantineRecord(string PaperId, string Reason, IReadOnlyList<string> FailedRules);
