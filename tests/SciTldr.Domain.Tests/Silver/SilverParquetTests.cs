using Parquet;
using SciTldr.Domain.Features;
using SciTldr.Domain.Records;
using SciTldr.Domain.Silver;

namespace SciTldr.Domain.Tests.Silver;

public sealed class SilverParquetTests
{
    private static readonly PaperRecord[] Records =
    [
        new("p1", "First paper", ["One two three.", "Four five."], [0, 1], [0.2, 0.9], ["Author tldr here.", "Peer review tldr."]),
        new("p2", null, ["Only sentence."], null, null, ["Short."]),
        new("p3", "Ünïcode 😀", ["A", "  "], [1, 0, 0], [1.5], ["   ", "x"]),
        new("p4", "No tldrs", ["Words here."], [], [], []),
    ];

    private static IReadOnlyList<PaperFeatures> Papers => [.. Records.Select(PaperFeatures.From)];

    private static IReadOnlyList<TldrFeatures> Tldrs => [.. Records.SelectMany(r => ExtractedFeatures.From(r).Tldrs)];

    [Fact]
    public async Task Paper_rows_round_trip_with_nulls_intact()
    {
        var bytes = await WritePapers(Papers);

        var back = await SilverParquet.ReadPapersAsync(new MemoryStream(bytes));

        Assert.Equal(Papers, back);
        Assert.Null(back[1].Title);
        Assert.Null(back[1].RougeMean);
        Assert.Null(back[3].OracleIndex);
    }

    [Fact]
    public async Task Tldr_rows_round_trip_with_nulls_intact()
    {
        var bytes = await WriteTldrs(Tldrs);

        var back = await SilverParquet.ReadTldrsAsync(new MemoryStream(bytes));

        Assert.Equal(Tldrs, back);
        Assert.Contains(back, t => t.Compression is null);
    }

    [Fact]
    public async Task Writing_the_same_papers_twice_gives_identical_bytes()
    {
        var first = await WritePapers(Papers);
        var second = await WritePapers([.. Papers.Select(p => p with { })]);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Writing_the_same_tldrs_twice_gives_identical_bytes()
    {
        Assert.Equal(await WriteTldrs(Tldrs), await WriteTldrs(Tldrs));
    }

    [Fact]
    public async Task Rewriting_what_was_read_gives_identical_bytes()
    {
        var written = await WritePapers(Papers);
        var reread = await SilverParquet.ReadPapersAsync(new MemoryStream(written));

        Assert.Equal(written, await WritePapers(reread));
    }

    [Fact]
    public async Task Empty_partition_round_trips()
    {
        var papers = await SilverParquet.ReadPapersAsync(new MemoryStream(await WritePapers([])));
        var tldrs = await SilverParquet.ReadTldrsAsync(new MemoryStream(await WriteTldrs([])));

        Assert.Empty(papers);
        Assert.Empty(tldrs);
    }

    [Fact]
    public async Task Files_are_snappy_compressed_with_one_row_group_and_snake_case_columns()
    {
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(await WritePapers(Papers)));

        Assert.Equal(1, reader.RowGroupCount);
        Assert.All(reader.Metadata!.RowGroups[0].Columns, c => Assert.Equal(Parquet.Meta.CompressionCodec.SNAPPY, c.MetaData!.Codec));
        Assert.Equal(
            ["paper_id", "title", "abstract_sentences", "abstract_nonblank_sentences", "abstract_words", "abstract_chars", "title_words",
             "tldr_count", "author_tldr_count", "peer_review_tldr_count", "blank_tldr_count", "source_labels_length", "rouge_scores_length",
             "oracle_count", "oracle_index", "rouge_min", "rouge_max", "rouge_mean", "title_normalized", "abstract", "abstract_sha256",
             "abstract_tokens", "title_tokens", "aligned", "oracle_relative_position", "keyphrases", "research_areas"],
            reader.Schema.GetDataFields().Select(f => f.Name));
        Assert.Equal(SilverSchema.PapersSchemaName, reader.CustomMetadata[SilverSchema.SchemaKey]);
    }

    [Fact]
    public async Task Reading_a_papers_file_as_tldrs_fails_clearly()
    {
        var bytes = await WritePapers(Papers);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SilverParquet.ReadTldrsAsync(new MemoryStream(bytes)));
        Assert.Contains(SilverSchema.TldrsSchemaName, error.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> WritePapers(IReadOnlyList<PaperFeatures> papers)
    {
        using var stream = new MemoryStream();
        await SilverParquet.WritePapersAsync(stream, papers);
        return stream.ToArray();
    }

    private static async Task<byte[]> WriteTldrs(IReadOnlyList<TldrFeatures> tldrs)
    {
        using var stream = new MemoryStream();
        await SilverParquet.WriteTldrsAsync(stream, tldrs);
        return stream.ToArray();
    }
}
