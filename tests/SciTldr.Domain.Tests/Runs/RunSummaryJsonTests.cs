using System.Text.Json;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Runs;

namespace SciTldr.Domain.Tests.Runs;

public sealed class RunSummaryJsonTests
{
    private static RunSummary Sample(double? peerReviewMean = null) => new()
    {
        RunId = "run-1",
        Status = RunStatus.Succeeded,
        Split = "dev",
        Papers = 9,
        Tldrs = 12,
        Partitions = 2,
        Input = new RunInputCounts(Lines: 12, Accepted: 9, Quarantined: 2, Blank: 1),
        Quarantine = new Dictionary<string, long> { ["invalid_utf8"] = 1, ["wrong_type"] = 1, ["tldr_nonempty"] = 1 },
        Quality = new RunQuality(
            Passed: false,
            Rules: new Dictionary<string, RuleSummary>
            {
                ["tldr_nonempty"] = new("error", 1),
                ["single_oracle"] = new("warning", 0),
            },
            Quarantined: 1),
        Stats = new RunStats(159.03, 18.96, peerReviewMean, 8.38, 7.25),
        Outputs = new RunOutputs("s3://lake/runs/run-1", "http://127.0.0.1:5000/runs/run-1"),
        DurationSeconds = 1.5,
    };

    [Fact]
    public void Serializes_with_the_interface_property_names()
    {
        using var json = JsonDocument.Parse(RunSummaryJson.Serialize(Sample()));
        var root = json.RootElement;

        Assert.Equal(
            ["runId", "status", "split", "papers", "tldrs", "partitions", "input", "quarantine", "quality", "stats", "outputs", "durationSeconds", "failures", "sources"],
            Names(root));
        Assert.Equal(["lines", "accepted", "quarantined", "blank"], Names(root.GetProperty("input")));
        Assert.Equal(["invalid_utf8", "wrong_type", "tldr_nonempty"], Names(root.GetProperty("quarantine")));
        Assert.Equal(["passed", "rules", "quarantined"], Names(root.GetProperty("quality")));
        Assert.Equal(["tldr_nonempty", "single_oracle"], Names(root.GetProperty("quality").GetProperty("rules")));
        Assert.Equal(["severity", "failed", "passed"], Names(root.GetProperty("quality").GetProperty("rules").GetProperty("tldr_nonempty")));
        Assert.Equal(
            ["abstractWordsMean", "authorTldrWordsMean", "peerReviewTldrWordsMean", "compressionMean", "abstractSentencesMean"],
            Names(root.GetProperty("stats")));
        Assert.Equal(["lake", "report"], Names(root.GetProperty("outputs")));
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.Equal("error", root.GetProperty("quality").GetProperty("rules").GetProperty("tldr_nonempty").GetProperty("severity").GetString());
    }

    [Fact]
    public void Peer_review_mean_is_written_as_null_when_there_are_none()
    {
        using var json = JsonDocument.Parse(RunSummaryJson.Serialize(Sample(peerReviewMean: null)));

        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("stats").GetProperty("peerReviewTldrWordsMean").ValueKind);
    }

    [Fact]
    public void Optional_additions_are_left_out_when_unknown()
    {
        using var json = JsonDocument.Parse(RunSummaryJson.Serialize(Sample() with { Split = null }));

        Assert.False(json.RootElement.TryGetProperty("split", out _));
        Assert.False(json.RootElement.TryGetProperty("startedAt", out _));
    }

    [Fact]
    public void Round_trips_through_json()
    {
        var summary = Sample(24.36) with
        {
            StartedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Failures = [new RunFailure("quality", 3, "timeout")],
        };

        var json = RunSummaryJson.Serialize(summary);
        var back = RunSummaryJson.Deserialize(json);

        Assert.Equal(json, RunSummaryJson.Serialize(back));
        Assert.Equal(24.36, back.Stats.PeerReviewTldrWordsMean);
        Assert.Equal(new RunFailure("quality", 3, "timeout"), Assert.Single(back.Failures));
    }

    [Fact]
    public void Shared_options_cannot_be_changed()
    {
        Assert.True(RunSummaryJson.Options.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => RunSummaryJson.Options.WriteIndented = true);
    }

    [Fact]
    public void Summary_reconciles_when_quarantine_covers_ingestion_and_quality()
    {
        Assert.True(Sample().IsReconciled);
        Assert.False((Sample() with { Quarantine = new Dictionary<string, long> { ["invalid_utf8"] = 1 } }).IsReconciled);
    }

    [Fact]
    public void Stats_are_rounded_to_two_decimals()
    {
        var stats = RunStats.From(new PartitionStats
        {
            Papers = 3,
            AbstractWordsSum = 477,
            AbstractSentencesSum = 22,
            AuthorTldrs = 3,
            AuthorTldrWordsSum = 57,
            CompressionSum = 25.13,
            CompressionPairs = 3,
        });

        Assert.Equal(new RunStats(159.0, 19.0, null, 8.38, 7.33), stats);
    }

    [Fact]
    public void Run_quality_adds_partition_results_in_registry_order()
    {
        RuleResult[] results =
        [
            new(Rules.SingleOracleId, RuleSeverity.Warning, 10, 2, []),
            new(Rules.AbstractNonemptyId, RuleSeverity.Error, 10, 0, []),
            new(Rules.SingleOracleId, RuleSeverity.Warning, 10, 1, []),
            new(Rules.TldrNonemptyId, RuleSeverity.Error, 10, 1, []),
        ];

        var quality = RunQuality.From(results, quarantined: 1);

        Assert.False(quality.Passed);
        Assert.Equal(1, quality.Quarantined);
        Assert.Equal(
            [
                new KeyValuePair<string, RuleSummary>("abstract_nonempty", new("error", 0)),
                new KeyValuePair<string, RuleSummary>("tldr_nonempty", new("error", 1, Passed: false)),
                new KeyValuePair<string, RuleSummary>("single_oracle", new("warning", 3, Passed: false)),
            ],
            quality.Rules);
    }

    [Fact]
    public void Run_quality_passes_when_only_warnings_failed()
    {
        var quality = RunQuality.From([new RuleResult(Rules.SourceAlignmentId, RuleSeverity.Warning, 5, 5, [])], quarantined: 0);

        Assert.True(quality.Passed);
    }

    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
