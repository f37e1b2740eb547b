using SciTldr.Contracts;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Records;
using SciTldr.Domain.Runs;
using SciTldr.Lake;

namespace SciTldr.Runs.Tests;

/// <summary>
/// A hand-worked ledger of one dev run: 14 input lines (11 accepted, 2 quarantined by ingestion, 1 blank)
/// in three partitions of 4, 4 and 3 papers, of which the quality stage quarantined 1, 0 and 2.
/// </summary>
internal static class SampleLedger
{
    public const string RunId = "run-sample-1";
    public const string Split = "dev";

    public static readonly DateTimeOffset RequestedAt = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static IngestionCounts Input => new(
        Lines: 14,
        Accepted: 11,
        Quarantined: 2,
        Blank: 1,
        new Dictionary<string, long> { [ReasonCodes.MalformedJson] = 1, [ReasonCodes.WrongType] = 1 });

    /// <summary>The run-level quality report of a run whose run rules all passed, dated at the request (so it never moves the run's end).</summary>
    public static Domain.Quality.RunLevel.RunQualityReport RunChecked(string runId = RunId) => new(
        runId,
        Split,
        "test",
        RequestedAt,
        [],
        [],
        false,
        new Domain.Quality.RunLevel.RunMetrics(runId, Split, RequestedAt, new Dictionary<string, double>(), new Dictionary<string, Domain.Quality.RunLevel.Histogram>()),
        null,
        []);

    public static RunManifest Ingesting(string runId = RunId) => new()
    {
        RunId = runId,
        Source = $"s3://lake/landing/{runId}/dev.jsonl",
        Split = Split,
        PartitionSize = 4,
        RequestedAt = RequestedAt,
        Status = RunManifest.Ingesting,
    };

    public static RunManifest Ingested(int partitions = 3, IngestionCounts? input = null, string runId = RunId) => Ingesting(runId) with
    {
        Status = RunManifest.Ingested,
        Partitions = partitions,
        Input = input ?? Input,
        IngestedAt = RequestedAt.AddSeconds(5),
        BronzeKeys = [.. Enumerable.Range(0, partitions).Select(p => LakeLayout.BronzeKey(runId, Split, p))],
        QuarantineKeys = [LakeLayout.QuarantineKey(runId, Stages.Ingestion, 0)],
    };

    // Compression sums 7.3, 4.2 and 4.6 over 4 pairs: merged in partition order the mean is
    // 4.025 and rounds to 4.03; merged as 2, 0, 1 it is 4.0249999999999995 and rounds to 4.02.
    public static readonly PartitionStats Stats0 = new()
    {
        Papers = 3, Tldrs = 5, AuthorTldrs = 3, PeerReviewTldrs = 2,
        AbstractWordsSum = 300, AbstractSentencesSum = 21, AuthorTldrWordsSum = 60, PeerReviewTldrWordsSum = 44,
        CompressionSum = 7.3, CompressionPairs = 2,
    };

    public static readonly PartitionStats Stats1 = new()
    {
        Papers = 4, Tldrs = 5, AuthorTldrs = 4, PeerReviewTldrs = 1,
        AbstractWordsSum = 410, AbstractSentencesSum = 30, AuthorTldrWordsSum = 71, PeerReviewTldrWordsSum = 17,
        CompressionSum = 4.2, CompressionPairs = 1,
    };

    public static readonly PartitionStats Stats2 = new()
    {
        Papers = 1, Tldrs = 2, AuthorTldrs = 1, PeerReviewTldrs = 1,
        AbstractWordsSum = 95, AbstractSentencesSum = 6, AuthorTldrWordsSum = 18, PeerReviewTldrWordsSum = 20,
        CompressionSum = 4.6, CompressionPairs = 1,
    };

    public static StageMarker Quality0(string runId = RunId) => QualityMarker(runId, 0) with
    {
        RecordsIn = 4, RecordsOut = 3, TldrsIn = 6, Quarantined = 1,
        QuarantineByReason = new Dictionary<string, long> { [Rules.TldrNonemptyId] = 1 },
        Rules = [Rule(Rules.AbstractNonemptyId, RuleSeverity.Error, 4, 0), Rule(Rules.TldrNonemptyId, RuleSeverity.Error, 4, 1), Rule(Rules.SingleOracleId, RuleSeverity.Warning, 4, 1)],
        Stats = Stats0,
        CompletedAt = RequestedAt.AddSeconds(40),
    };

    /// <summary>The last to complete, though not the last partition.</summary>
    public static StageMarker Quality1(string runId = RunId) => QualityMarker(runId, 1) with
    {
        RecordsIn = 4, RecordsOut = 4, TldrsIn = 5, Quarantined = 0,
        Rules = [Rule(Rules.AbstractNonemptyId, RuleSeverity.Error, 4, 0), Rule(Rules.TldrNonemptyId, RuleSeverity.Error, 4, 0), Rule(Rules.SingleOracleId, RuleSeverity.Warning, 4, 2)],
        Stats = Stats1,
        CompletedAt = RequestedAt.AddSeconds(55.125),
    };

    public static StageMarker Quality2(string runId = RunId) => QualityMarker(runId, 2) with
    {
        RecordsIn = 3, RecordsOut = 1, TldrsIn = 4, Quarantined = 2,
        QuarantineByReason = new Dictionary<string, long> { [Rules.TldrNonemptyId] = 1, [Rules.RougeRangeId] = 1 },
        Rules =
        [
            Rule(Rules.AbstractNonemptyId, RuleSeverity.Error, 3, 0), Rule(Rules.TldrNonemptyId, RuleSeverity.Error, 3, 1),
            Rule(Rules.RougeRangeId, RuleSeverity.Error, 3, 1), Rule(Rules.SingleOracleId, RuleSeverity.Warning, 3, 0),
        ],
        Stats = Stats2,
        CompletedAt = RequestedAt.AddSeconds(50),
    };

    public static IReadOnlyList<StageMarker> AllQualityMarkers(string runId = RunId) => [Quality0(runId), Quality1(runId), Quality2(runId)];

    public static StageMarker QualityMarker(string runId, int partition) => Marker(runId, Stages.Quality, partition);

    public static StageMarker Marker(string runId, string stage, int partition) => new()
    {
        RunId = runId,
        Stage = stage,
        Partition = partition,
        Split = Split,
        StartedAt = RequestedAt.AddSeconds(10 + partition),
        CompletedAt = RequestedAt.AddSeconds(20 + partition),
        Outputs = [LakeLayout.BronzeKey(runId, Split, partition)],
    };

    public static RuleResult Rule(string id, RuleSeverity severity, int evaluated, int failed) =>
        new(id, severity, evaluated, failed, [.. Enumerable.Range(0, failed).Select(i => new RuleExample($"paper-{id}-{i}", null, null))]);

    public static FailureRecord Failure(string stage, int? partition, string reason, double secondsAfterRequest = 60, string runId = RunId) =>
        new(runId, stage, partition, reason, MessageId: $"msg-{stage}-{partition}", Attempts: 5, RequestedAt.AddSeconds(secondsAfterRequest));
}
