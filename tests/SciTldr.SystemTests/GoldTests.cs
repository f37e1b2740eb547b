using System.Text.Json;
using DuckDB.NET.Data;
using SciTldr.Cli.Commands;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Testing;

namespace SciTldr.SystemTests;

/// <summary>The gold layer a finished run leaves: aggregates for the dashboard and Parquet for Athena, agreeing with the summary.</summary>
[Collection(StackCollection.Name)]
[Trait("Category", "System")]
public sealed class GoldTests
{
    private readonly StackFixture _stack;

    public GoldTests(StackFixture stack)
    {
        _stack = stack;
    }

    [Fact]
    public async Task Gold_aggregates_and_tables_agree_with_the_run_summary()
    {
        var run = await RunCommands.StartAsync(_stack.Client, RepositoryPaths.DevSplit, null, 150, CancellationToken.None);
        var summary = await _stack.WaitForSummaryAsync(run.RunId, TimeSpan.FromMinutes(2));
        Assert.Equal(RunStatus.Succeeded, summary.Status);
        var gold = LakeLayout.GoldRunPrefix(run.RunId);

        using var aggregates = JsonDocument.Parse(await _stack.Client.Lake.GetBytesAsync(gold + "aggregates.json"));
        var root = aggregates.RootElement;
        Assert.Equal((summary.Papers, summary.Tldrs), (root.GetProperty("papers").GetInt64(), root.GetProperty("tldrs").GetInt64()));
        Assert.Equal(summary.Stats.AbstractWordsMean, Math.Round(root.GetProperty("means").GetProperty("abstractWords").GetDouble(), 2));
        var authorWords = root.GetProperty("histograms").EnumerateArray()
            .Single(h => h.GetProperty("metric").GetString() == "tldr_words" && h.GetProperty("source").GetString() == "author");
        Assert.Equal(619, authorWords.GetProperty("counts").EnumerateArray().Sum(c => c.GetInt64()) + authorWords.GetProperty("below").GetInt64() + authorWords.GetProperty("above").GetInt64());
        var keyphrases = root.GetProperty("keyphrases").EnumerateArray().Select(k => k.GetProperty("papers").GetInt64()).ToList();
        Assert.Equal(100, keyphrases.Count);
        Assert.Equal(keyphrases.OrderByDescending(k => k), keyphrases);

        // The Parquet tables, read by an independent reader as Athena would.
        var folder = Directory.CreateTempSubdirectory("gold-").FullName;
        foreach (var table in new[] { "histograms", "keyphrases", "research_areas" })
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, table + ".parquet"), await _stack.Client.Lake.GetBytesAsync($"{gold}{table}.parquet"));
        }

        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        Assert.Equal(summary.Tldrs, Scalar(duck, $"SELECT sum(count) FROM read_parquet('{folder}/histograms.parquet') WHERE metric = 'tldr_words'"));
        Assert.Equal(root.GetProperty("distinctKeyphrases").GetInt64(), Scalar(duck, $"SELECT count(*) FROM read_parquet('{folder}/keyphrases.parquet')"));
        Assert.Equal(keyphrases[0], Scalar(duck, $"SELECT max(papers) FROM read_parquet('{folder}/keyphrases.parquet')"));
        Assert.True(Scalar(duck, $"SELECT count(*) FROM read_parquet('{folder}/research_areas.parquet')") > 0);
    }

    private static long Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() switch
        {
            System.Numerics.BigInteger big => (long)big,
            var value => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
