using System.IO.Compression;
using DuckDB.NET.Data;
using SciTldr.Testing;
using SciTldr.Transformation.Transform;

namespace SciTldr.Transformation.Tests;

/// <summary>
/// Silver Parquet read back by an independent reader (DuckDB), as Athena or any analyst's tool would:
/// the schema is the documented one and the counts are the real data's.
/// </summary>
public sealed class SilverParquetDuckDbTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("silver-").FullName;
    private TransformedPartition _dev = null!;

    public async Task InitializeAsync()
    {
        await using var bronze = File.OpenRead(RepositoryPaths.DevSplit);
        _dev = await PartitionTransform.RunAsync(bronze, "dev.jsonl", 619, CancellationToken.None);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "papers.parquet"), _dev.Papers);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "tldrs.parquet"), _dev.Tldrs);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void DuckDB_reads_the_dev_split_papers_and_tldrs_with_exact_counts()
    {
        using var db = Open();
        Assert.Equal(619L, Scalar(db, "SELECT count(*) FROM read_parquet('papers.parquet')"));
        Assert.Equal(619L, Scalar(db, "SELECT count(DISTINCT paper_id) FROM read_parquet('papers.parquet')"));
        Assert.Equal(1453L, Scalar(db, "SELECT count(*) FROM read_parquet('tldrs.parquet')"));
        Assert.Equal(834L, Scalar(db, "SELECT count(*) FROM read_parquet('tldrs.parquet') WHERE source = 'peer_review'"));
        Assert.Equal(1453L, Scalar(db, "SELECT CAST(sum(tldr_count) AS BIGINT) FROM read_parquet('papers.parquet')"));
        Assert.Equal(0L, Scalar(db, "SELECT count(*) FROM read_parquet('tldrs.parquet') t ANTI JOIN read_parquet('papers.parquet') p USING (paper_id)"));
    }

    [Fact]
    public void DuckDB_reproduces_the_reference_means_from_silver()
    {
        using var db = Open();
        Assert.Equal(159.03, Math.Round(Convert.ToDouble(Scalar(db, "SELECT avg(abstract_words) FROM read_parquet('papers.parquet')")), 2));
        Assert.Equal(18.96, Math.Round(Convert.ToDouble(Scalar(db, "SELECT avg(words) FROM read_parquet('tldrs.parquet') WHERE source = 'author'")), 2));
        Assert.Equal(24.36, Math.Round(Convert.ToDouble(Scalar(db, "SELECT avg(words) FROM read_parquet('tldrs.parquet') WHERE source = 'peer_review'")), 2));
        Assert.Equal(8.38, Math.Round(Convert.ToDouble(Scalar(db, "SELECT avg(compression) FROM read_parquet('tldrs.parquet')")), 2));
    }

    [Theory]
    [InlineData("papers.parquet", "paper_id", "VARCHAR")]
    [InlineData("papers.parquet", "abstract_words", "INTEGER")]
    [InlineData("papers.parquet", "rouge_max", "DOUBLE")]
    [InlineData("tldrs.parquet", "paper_id", "VARCHAR")]
    [InlineData("tldrs.parquet", "tldr_index", "INTEGER")]
    [InlineData("tldrs.parquet", "source", "VARCHAR")]
    [InlineData("tldrs.parquet", "compression", "DOUBLE")]
    [InlineData("papers.parquet", "aligned", "BOOLEAN")]
    [InlineData("papers.parquet", "keyphrases", "VARCHAR")]
    [InlineData("papers.parquet", "abstract_tokens", "INTEGER")]
    [InlineData("tldrs.parquet", "rouge1_f1", "DOUBLE")]
    [InlineData("tldrs.parquet", "rougel_f1", "DOUBLE")]
    [InlineData("tldrs.parquet", "novel_2gram_pct", "DOUBLE")]
    [InlineData("tldrs.parquet", "oracle_sentence", "INTEGER")]
    [InlineData("tldrs.parquet", "first_person", "BOOLEAN")]
    public void Columns_have_their_documented_types(string file, string column, string type)
    {
        using var db = Open();
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('{file}')) WHERE column_name = '{column}'";
        Assert.Equal(type, command.ExecuteScalar() as string);
    }

    [Fact]
    public void Text_features_are_within_their_ranges_on_the_dev_split()
    {
        using var db = Open();
        const string Tldrs = "read_parquet('tldrs.parquet')";
        Assert.Equal(0L, Scalar(db, $"SELECT count(*) FROM {Tldrs} WHERE NOT (rouge1_f1 BETWEEN 0 AND 1 AND rouge2_f1 BETWEEN 0 AND 1 AND rougel_f1 BETWEEN 0 AND 1)"));
        Assert.Equal(0L, Scalar(db, $"SELECT count(*) FROM {Tldrs} WHERE rougel_f1 > rouge1_f1 + 1e-12 OR rouge2_f1 > rouge1_f1 + 1e-12"));
        Assert.Equal(0L, Scalar(db, $"SELECT count(*) FROM {Tldrs} WHERE NOT (novel_1gram_pct BETWEEN 0 AND 100 AND novel_3gram_pct BETWEEN 0 AND 100)"));
        Assert.Equal(0L, Scalar(db, $"SELECT count(*) FROM {Tldrs} WHERE novel_1gram_pct > novel_2gram_pct + 1e-9 OR novel_2gram_pct > novel_3gram_pct + 1e-9"));
        Assert.Equal(0L, Scalar(db, $"SELECT count(*) FROM {Tldrs} t JOIN read_parquet('papers.parquet') p USING (paper_id) WHERE t.oracle_sentence >= p.abstract_sentences"));
        Assert.Equal(0L, Scalar(db, "SELECT count(*) FROM read_parquet('papers.parquet') WHERE length(abstract_sha256) <> 64"));

        // Every dev paper has an abstract, so nearly all get keyphrases; the research-area lexicon covers most of them.
        Assert.Equal(0L, Scalar(db, "SELECT count(*) FROM read_parquet('papers.parquet') WHERE keyphrases = ''"));
        Assert.True(Convert.ToDouble(Scalar(db, "SELECT avg(CASE WHEN research_areas <> '' THEN 1 ELSE 0 END) FROM read_parquet('papers.parquet')")) > 0.9);
        Assert.Equal(19L, Scalar(db, "SELECT count(*) FROM read_parquet('papers.parquet') WHERE NOT aligned"));
    }

    [Fact]
    public async Task Same_input_gives_byte_identical_parquet()
    {
        await using var bronze = new MemoryStream();
        await using (var gzip = new GZipStream(bronze, CompressionLevel.Optimal, leaveOpen: true))
        {
            await using var dev = File.OpenRead(RepositoryPaths.DevSplit);
            await dev.CopyToAsync(gzip);
        }

        bronze.Position = 0;
        var again = await PartitionTransform.RunAsync(bronze, "dev.jsonl.gz", 619, CancellationToken.None);

        Assert.Equal(_dev.Papers, again.Papers);
        Assert.Equal(_dev.Tldrs, again.Tldrs);
    }

    private DuckDBConnection Open()
    {
        var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = $"SET file_search_path = '{_folder}'";
        command.ExecuteNonQuery();
        return db;
    }

    private static object? Scalar(DuckDBConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
