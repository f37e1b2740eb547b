using SciTldr.Domain.Features;
using SciTldr.Domain.Records;

namespace SciTldr.Domain.Tests.Features;

public sealed class FeatureExtractionTests
{
    // Worked by hand: sentence words 3 + 0 + 5 = 8, characters 15 + 2 + 21 = 38.
    private static readonly PaperRecord Worked = new(
        PaperId: "w1",
        Title: "On  Nets",
        Source: ["Deep nets work.", "  ", "They are big models ."],
        SourceLabels: [0, 0, 1],
        RougeScores: [0.1, 0.0, 0.6],
        Target: ["Nets are big.", "Deep nets work well, mostly.", "   "]);

    [Fact]
    public void Paper_features_of_a_worked_example()
    {
        var features = PaperFeatures.From(Worked);

        Assert.Equal("w1", features.PaperId);
        Assert.Equal("On  Nets", features.Title);
        Assert.Equal(3, features.AbstractSentences);
        Assert.Equal(2, features.AbstractNonblankSentences);
        Assert.Equal(8, features.AbstractWords);
        Assert.Equal(38, features.AbstractChars);
        Assert.Equal(2, features.TitleWords);
        Assert.Equal(3, features.TldrCount);
        Assert.Equal(1, features.AuthorTldrCount);
        Assert.Equal(2, features.PeerReviewTldrCount);
        Assert.Equal(1, features.BlankTldrCount);
        Assert.Equal(3, features.SourceLabelsLength);
        Assert.Equal(3, features.RougeScoresLength);
        Assert.Equal(1, features.OracleCount);
        Assert.Equal(2, features.OracleIndex);
        Assert.Equal(0.0, features.RougeMin);
        Assert.Equal(0.6, features.RougeMax);
        Assert.Equal(0.7 / 3, features.RougeMean!.Value, 12);
    }

    [Fact]
    public void Tldr_rows_of_a_worked_example()
    {
        var tldrs = TldrFeatures.From(Worked, PaperFeatures.From(Worked));

        Assert.Equal(3, tldrs.Length);
        Assert.Equal(new TldrFeatures { PaperId = "w1", TldrIndex = 0, Source = "author", Text = "Nets are big.", Words = 3, Chars = 13, Compression = 8.0 / 3 }, tldrs[0]);
        Assert.Equal(new TldrFeatures { PaperId = "w1", TldrIndex = 1, Source = "peer_review", Text = "Deep nets work well, mostly.", Words = 5, Chars = 28, Compression = 1.6 }, tldrs[1]);
        Assert.Equal(new TldrFeatures { PaperId = "w1", TldrIndex = 2, Source = "peer_review", Text = "   ", Words = 0, Chars = 3, Compression = null }, tldrs[2]);
    }

    [Fact]
    public void Absent_optional_fields_give_null_features()
    {
        var features = PaperFeatures.From(Worked with { Title = null, SourceLabels = null, RougeScores = null });

        Assert.Null(features.Title);
        Assert.Equal(0, features.TitleWords);
        Assert.Null(features.SourceLabelsLength);
        Assert.Null(features.RougeScoresLength);
        Assert.Null(features.OracleCount);
        Assert.Null(features.OracleIndex);
        Assert.Null(features.RougeMin);
        Assert.Null(features.RougeMax);
        Assert.Null(features.RougeMean);
    }

    [Fact]
    public void Labels_without_a_one_give_zero_oracles_and_no_index()
    {
        var features = PaperFeatures.From(Worked with { SourceLabels = [0, 0, 0] });

        Assert.Equal(0, features.OracleCount);
        Assert.Null(features.OracleIndex);
    }

    [Fact]
    public void Oracle_index_is_the_first_of_several_ones()
    {
        var features = PaperFeatures.From(Worked with { SourceLabels = [0, 1, 1] });

        Assert.Equal(2, features.OracleCount);
        Assert.Equal(1, features.OracleIndex);
    }

    [Fact]
    public void Empty_rouge_scores_have_a_length_but_no_summary()
    {
        var features = PaperFeatures.From(Worked with { RougeScores = [] });

        Assert.Equal(0, features.RougeScoresLength);
        Assert.Null(features.RougeMin);
        Assert.Null(features.RougeMean);
    }

    [Fact]
    public void Record_without_tldrs_has_no_author_or_peer_review_tldr()
    {
        var record = Worked with { Target = [] };

        var features = PaperFeatures.From(record);

        Assert.Equal(0, features.TldrCount);
        Assert.Equal(0, features.AuthorTldrCount);
        Assert.Equal(0, features.PeerReviewTldrCount);
        Assert.Empty(TldrFeatures.From(record, features));
    }

    [Fact]
    public void Extraction_pairs_the_paper_row_with_its_tldr_rows()
    {
        var extracted = ExtractedFeatures.From(Worked);

        Assert.Equal(PaperFeatures.From(Worked), extracted.Paper);
        Assert.All(extracted.Tldrs, t => Assert.Equal("w1", t.PaperId));
        Assert.Equal(extracted.Paper.TldrCount, extracted.Tldrs.Length);
    }
}
