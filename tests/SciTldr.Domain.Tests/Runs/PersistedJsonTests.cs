using System.Text.Json;
using System.Text.Json.Nodes;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Runs;

namespace SciTldr.Domain.Tests.Runs;

/// <summary>Stages persist partition statistics and rule results as JSON; they must survive the trip.</summary>
public sealed class PersistedJsonTests
{
    public static TheoryData<string> OptionSets() => ["default", "web", "summary"];

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Partition_stats_round_trip_exactly(string optionSet)
    {
        var stats = new PartitionStats
        {
            Papers = 100,
            Tldrs = 230,
            AuthorTldrs = 100,
            PeerReviewTldrs = 130,
            AbstractWordsSum = 15903,
            AbstractSentencesSum = 725,
            AuthorTldrWordsSum = 1896,
            PeerReviewTldrWordsSum = 3167,
            CompressionSum = 1927.0655567521166,
            CompressionPairs = 230,
        };

        var json = JsonSerializer.Serialize(stats, Options(optionSet));

        Assert.Equal(stats, JsonSerializer.Deserialize<PartitionStats>(json, Options(optionSet)));
    }

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Rule_results_write_severity_as_its_wire_name_and_round_trip(string optionSet)
    {
        var result = new RuleResult(Rules.SingleOracleId, RuleSeverity.Warning, 100, 2, [new("a", null, "2"), new("b", 1, null)])
        {
            Kind = "range",
            Table = "papers",
            Thresholds = new Dictionary<string, double> { ["oracle_count.min"] = 1, ["mostly"] = 0.95 },
            Observed = 0.02,
            Passed = true,
        };

        var json = JsonSerializer.Serialize(result, Options(optionSet));
        var back = JsonSerializer.Deserialize<RuleResult>(json, Options(optionSet))!;

        Assert.Contains("\"warning\"", json, StringComparison.Ordinal);
        Assert.Equal((result.RuleId, result.Severity, result.Evaluated, result.Failed), (back.RuleId, back.Severity, back.Evaluated, back.Failed));
        Assert.Equal(result.Examples, back.Examples);
        Assert.Equal((result.Kind, result.Table, result.Observed, result.Passed), (back.Kind, back.Table, back.Observed, back.Passed));
        Assert.Equal(result.Thresholds, back.Thresholds);
    }

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Rule_results_written_before_mostly_pass_exactly_when_nothing_failed(string optionSet)
    {
        RuleResult Written(int failed)
        {
            var json = JsonNode.Parse(JsonSerializer.Serialize(new RuleResult("r", RuleSeverity.Error, 3, failed, []), Options(optionSet)))!.AsObject();
            Assert.True(json.Remove("Passed") || json.Remove("passed"));
            return JsonSerializer.Deserialize<RuleResult>(json.ToJsonString(), Options(optionSet))!;
        }

        Assert.False(Written(failed: 1).Passed);
        Assert.True(Written(failed: 0).Passed);
    }

    private static JsonSerializerOptions Options(string optionSet) => optionSet switch
    {
        "web" => JsonSerializerOptions.Web,
        "summary" => RunSummaryJson.Options,
        _ => JsonSerializerOptions.Default,
    };
}
