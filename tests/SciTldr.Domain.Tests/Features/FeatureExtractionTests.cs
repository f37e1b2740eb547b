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
        // Abstract tokens: [deep nets work] [] [they are big models] — 7 tokens, 6 bigrams.
        // "nets are big": R1 overlap 3 → P 3/3, R 3/7, F1 0.6; R2 (are big) 1 → P 1/2, R 1/6, F1 0.25; LCS 3 → 0.6;
        // novel 0/3, 1/2 (nets are), 1/1 (nets are big); oracle: sentence 0 F1 1/3, sentence 2 (are, big) P 2/3 R 2/4 → F1 4/7.
        Assert.Equal(
            new TldrFeatures
            {
                PaperId = "w1", TldrIndex = 0, Source = "author", Text = "Nets are big.", Words = 3, Chars = 13, Compression = 8.0 / 3,
                TextNormalized = "Nets are big.", Tokens = 3, Rouge1F1 = 0.6, Rouge2F1 = 0.25, RougeLF1 = 0.6,
                Novel1GramPct = 0, Novel2GramPct = 50, Novel3GramPct = 100,
                OracleSentence = 2, OracleRelativePosition = 1,
            },
            tldrs[0] with { OracleRouge1 = null });
        Assert.Equal(4.0 / 7, tldrs[0].OracleRouge1!.Value, 12);

        // "deep nets work well mostly": R1 3 → P 3/5, R 3/7, F1 0.5; R2 (deep nets, nets work) 2 → P 2/4, R 2/6, F1 0.4; LCS 3 → 0.5;
        // novel 2/5, 2/4, 2/3 (only "deep nets work" is in the abstract); oracle: sentence 0, P 3/5, R 3/3 → F1 0.75.
        var second = tldrs[1];
        Assert.Equal(("peer_review", 5, 28, 1.6, "Deep nets work well, mostly.", 5), (second.Source, second.Words, second.Chars, second.Compression!.Value, second.TextNormalized, second.Tokens));
        Assert.Equal(0.5, second.Rouge1F1, 12);
        Assert.Equal(0.4, second.Rouge2F1, 12);
        Assert.Equal(0.5, second.RougeLF1, 12);
        Assert.Equal(40.0, second.Novel1GramPct!.Value, 12);
        Assert.Equal(50.0, second.Novel2GramPct!.Value, 12);
        Assert.Equal(200.0 / 3, second.Novel3GramPct!.Value, 12);
        Assert.Equal((0, 0.0), (second.OracleSentence!.Value, second.OracleRelativePosition!.Value));
        Assert.Equal(0.75, second.OracleRouge1!.Value, 12);

        // A blank TLDR has no tokens: zero ROUGE, no novelty, no oracle.
        Assert.Equal(
            new TldrFeatures { PaperId = "w1", TldrIndex = 2, Source = "peer_review", Text = "   ", Words = 0, Chars = 3, Compression = null },
            tldrs[2]);
    }

    [Fact]
    public void Paper_text_features_of_a_worked_example()
    {
        var features = PaperFeatures.From(Worked);

        Assert.Equal("On Nets", features.TitleNormalized);
        Assert.Equal("Deep nets work. They are big models .", features.Abstract);
        Assert.Equal(7, features.AbstractTokens);
        Assert.Equal(2, features.TitleTokens);
        Assert.True(features.Aligned);
        Assert.Equal(1.0, features.OracleRelativePosition);
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("Deep nets work.\n  \nThey are big models ."))),
            features.AbstractSha256);
        Assert.False(PaperFeatures.From(Worked with { RougeScores = [0.1, 0.2] }).Aligned);
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
