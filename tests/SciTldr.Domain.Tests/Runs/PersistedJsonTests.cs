using System.Text.Json;
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
        var result = new RuleResult(Rules.SingleOracleId, RuleSeverity.Warning, 100, 2, ["a", "b"]);

        var json = JsonSerializer.Serialize(result, Options(optionSet));
        var back = JsonSerializer.Deserialize<RuleResult>(json, Options(optionSet))!;

        Assert.Contains("\"warning\"", json, StringComparison.Ordinal);
        Assert.Equal((result.RuleId, result.Severity, result.Evaluated, result.Failed), (back.RuleId, back.Severity, back.Evaluated, back.Failed));
        Assert.Equal(result.Examples, back.Examples);
    }

    private static JsonSerializerOptions Options(string optionSet) => optionSet switch
    {
        "web" => JsonSerializerOptions.Web,
        "summary" => RunSummaryJson.Options,
        _ => JsonSerializerOptions.Default,
    };
}
