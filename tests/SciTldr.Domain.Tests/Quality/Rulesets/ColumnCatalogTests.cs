using SciTldr.Domain.Features;
using SciTldr.Domain.Quality.Rulesets;
using SciTldr.Domain.Silver;

namespace SciTldr.Domain.Tests.Quality.Rulesets;

public sealed class ColumnCatalogTests
{
    [Fact]
    public void Every_silver_column_is_in_the_catalog_under_its_parquet_name_in_schema_order()
    {
        Assert.Equal(SilverSchema.Papers.Schema.DataFields.Select(f => f.Name), ColumnCatalog.Names(RuleTable.Papers));
        Assert.Equal(SilverSchema.Tldrs.Schema.DataFields.Select(f => f.Name), ColumnCatalog.Names(RuleTable.Tldrs));
    }

    [Fact]
    public void String_columns_read_as_text_and_the_others_as_numbers()
    {
        Assert.All(SilverSchema.Papers.Schema.DataFields, f => Assert.Equal(f is Parquet.Schema.DataField<string> ? ColumnType.Text : ColumnType.Number, ColumnCatalog.Papers[f.Name].Type));
        Assert.All(SilverSchema.Tldrs.Schema.DataFields, f => Assert.Equal(f is Parquet.Schema.DataField<string> ? ColumnType.Text : ColumnType.Number, ColumnCatalog.Tldrs[f.Name].Type));
    }

    [Fact]
    public void Every_column_of_the_default_ruleset_is_in_the_catalog()
    {
        foreach (var rule in TestRulesets.Default.Rules)
        {
            var columns = rule.Bounds.Select(b => b.Column).Concat(rule.Columns).Concat(rule.Column is { } c ? [c] : []);
            Assert.All(columns, column => Assert.True(ColumnCatalog.TryGetType(rule.Table, column, out _), $"{rule.Id}: {column}"));
        }
    }

    [Fact]
    public void Paper_columns_read_the_feature_row()
    {
        var paper = Paper with
        {
            Title = "Original Title",
            BlankTldrCount = 2,
            OracleCount = 1,
            SourceLabelsLength = 4,
            RougeScoresLength = 5,
            RougeMin = 0.125,
            RougeMax = 0.75,
            Aligned = true,
        };

        Assert.Equal("p", ColumnCatalog.Paper("paper_id").Text!(paper));
        Assert.Equal("Original Title", ColumnCatalog.Paper("title").Text!(paper));
        Assert.Equal(2, ColumnCatalog.Paper("blank_tldr_count").Number!(paper));
        Assert.Equal(1, ColumnCatalog.Paper("oracle_count").Number!(paper));
        Assert.Equal(4, ColumnCatalog.Paper("source_labels_length").Number!(paper));
        Assert.Equal(5, ColumnCatalog.Paper("rouge_scores_length").Number!(paper));
        Assert.Equal(0.125, ColumnCatalog.Paper("rouge_min").Number!(paper));
        Assert.Equal(0.75, ColumnCatalog.Paper("rouge_max").Number!(paper));
        Assert.Equal(1, ColumnCatalog.Paper("aligned").Number!(paper));
        Assert.Equal(3, ColumnCatalog.Paper("abstract_sentences").Number!(paper));
    }

    [Fact]
    public void Absent_optional_values_read_as_null()
    {
        Assert.Null(ColumnCatalog.Paper("title").Text!(Paper));
        Assert.Null(ColumnCatalog.Paper("oracle_count").Number!(Paper));
        Assert.Null(ColumnCatalog.Paper("source_labels_length").Number!(Paper));
        Assert.Null(ColumnCatalog.Paper("rouge_min").Number!(Paper));
        Assert.Null(ColumnCatalog.Tldr("compression").Number!(Tldr));
    }

    [Fact]
    public void Tldr_columns_read_the_feature_row()
    {
        var tldr = Tldr with { Rouge1F1 = 0.5, Rouge2F1 = 0.25, RougeLF1 = 0.375, IsQuestion = true };

        Assert.Equal(7, ColumnCatalog.Tldr("words").Number!(tldr));
        Assert.Equal("We do a thing with seven words.", ColumnCatalog.Tldr("text").Text!(tldr));
        Assert.Equal("author", ColumnCatalog.Tldr("source").Text!(tldr));
        Assert.Equal(0.5, ColumnCatalog.Tldr("rouge1_f1").Number!(tldr));
        Assert.Equal(0.25, ColumnCatalog.Tldr("rouge2_f1").Number!(tldr));
        Assert.Equal(0.375, ColumnCatalog.Tldr("rougel_f1").Number!(tldr));
        Assert.Equal(1, ColumnCatalog.Tldr("is_question").Number!(tldr));
        Assert.Equal(0, ColumnCatalog.Tldr("tldr_index").Number!(tldr));
    }

    [Fact]
    public void The_run_level_view_reads_numbers_as_text_but_not_text_as_numbers()
    {
        Assert.Equal("3", ColumnCatalog.Access.PaperText("abstract_sentences")(Paper));
        Assert.Equal("author", ColumnCatalog.Access.TldrText("source")(Tldr));
        Assert.Equal(7, ColumnCatalog.Access.TldrNumber("words")(Tldr));
        Assert.Throws<ArgumentException>(() => ColumnCatalog.Access.PaperNumber("title"));
        Assert.Throws<KeyNotFoundException>(() => ColumnCatalog.Access.PaperText("words"));
    }

    internal static readonly PaperFeatures Paper = new()
    {
        PaperId = "p",
        AbstractSentences = 3,
        AbstractNonblankSentences = 3,
        AbstractWords = 60,
        AbstractChars = 400,
        TitleWords = 0,
        TldrCount = 1,
        AuthorTldrCount = 1,
        PeerReviewTldrCount = 0,
        BlankTldrCount = 0,
    };

    internal static readonly TldrFeatures Tldr = new()
    {
        PaperId = "p",
        TldrIndex = 0,
        Source = TldrSources.Author,
        Text = "We do a thing with seven words.",
        Words = 7,
        Chars = 31,
    };
}
