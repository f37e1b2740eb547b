using Parquet;
using Parquet.Schema;
using SciTldr.Domain.Features;
using SciTldr.Domain.Silver;

namespace SciTldr.Domain.Tests.Silver;

/// <summary>The <c>schema</c> quality rule's check: a silver file against the schema this code writes.</summary>
public sealed class SilverSchemaDifferencesTests
{
    [Fact]
    public async Task Files_the_transformation_writes_match_their_schema()
    {
        var record = TestRecords.Paper();
        var paper = PaperFeatures.From(record);
        using var papers = new MemoryStream();
        using var tldrs = new MemoryStream();
        await SilverParquet.WritePapersAsync(papers, [paper]);
        await SilverParquet.WriteTldrsAsync(tldrs, TldrFeatures.From(record, paper));
        papers.Position = 0;
        tldrs.Position = 0;

        Assert.Empty(await SilverParquet.SchemaDifferencesAsync(papers, papers: true));
        Assert.Empty(await SilverParquet.SchemaDifferencesAsync(tldrs, papers: false));
    }

    [Fact]
    public async Task A_papers_file_checked_as_tldrs_differs_by_marker_and_columns()
    {
        var record = TestRecords.Paper();
        using var papers = new MemoryStream();
        await SilverParquet.WritePapersAsync(papers, [PaperFeatures.From(record)]);
        papers.Position = 0;

        var differences = await SilverParquet.SchemaDifferencesAsync(papers, papers: false);

        Assert.Contains(differences, d => d.Contains("schema marker 'papers/2', expected 'tldrs/2'", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.Contains("column 'tldr_index' is missing", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.Contains("column 'abstract_words' is not in the schema", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_column_of_another_type_and_a_foreign_file_are_reported()
    {
        // An old writer's file: paper_id only, and abstract_words as a string.
        var schema = new ParquetSchema(new DataField<string>("paper_id", false), new DataField<string>("abstract_words", true));
        using var old = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(schema, old))
        {
            writer.CustomMetadata = new Dictionary<string, string> { [SilverSchema.SchemaKey] = "papers/1" };
            using var group = writer.CreateRowGroup();
            await group.WriteAsync((DataField<string>)schema.DataFields[0], new[] { "p1" });
            await group.WriteAsync((DataField<string>)schema.DataFields[1], new[] { "12" });
        }

        old.Position = 0;
        var differences = await SilverParquet.SchemaDifferencesAsync(old, papers: true);

        Assert.Contains(differences, d => d.Contains("schema marker 'papers/1'", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.StartsWith("column 'abstract_words' is String (nullable), expected Int32", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.Contains("column 'title' is missing", StringComparison.Ordinal));

        using var notParquet = new MemoryStream("{\"paper_id\": 1}\n"u8.ToArray());
        Assert.StartsWith("not a readable Parquet file", Assert.Single(await SilverParquet.SchemaDifferencesAsync(notParquet, papers: true)), StringComparison.Ordinal);
    }
}

/// <summary>Reading only some columns: those asked for are exact, the rest hold defaults.</summary>
public sealed class SilverProjectionTests
{
    [Fact]
    public async Task Only_the_columns_asked_for_are_decoded()
    {
        var record = TestRecords.Paper(title: "A title");
        var paper = PaperFeatures.From(record);
        using var papers = new MemoryStream();
        using var tldrs = new MemoryStream();
        await SilverParquet.WritePapersAsync(papers, [paper]);
        await SilverParquet.WriteTldrsAsync(tldrs, TldrFeatures.From(record, paper));

        papers.Position = 0;
        var read = Assert.Single(await SilverParquet.ReadPapersAsync(papers, new HashSet<string> { "paper_id", "title" }));
        tldrs.Position = 0;
        var tldr = Assert.Single(await SilverParquet.ReadTldrsAsync(tldrs, new HashSet<string> { "paper_id", "words" }));

        Assert.Equal((paper.PaperId, paper.Title), (read.PaperId, read.Title));
        Assert.Equal((0, ""), (read.AbstractWords, read.Abstract));
        Assert.Equal((paper.PaperId, TldrFeatures.From(record, paper)[0].Words, 0.0), (tldr.PaperId, tldr.Words, tldr.Rouge1F1));
    }
}
