using Parquet.Schema;

namespace SciTldr.Domain.Silver;

/// <summary>
/// Column layout of the two silver tables. Column names are snake_case like the source data, so the
/// files read naturally in any Parquet tool; nullable columns hold the values a record may lack.
/// </summary>
public static class SilverSchema
{
    /// <summary>Custom metadata key naming the table and its layout version, checked on read.</summary>
    public const string SchemaKey = "scitldr.silver.schema";

    public const string PapersSchemaName = "papers/1";
    public const string TldrsSchemaName = "tldrs/1";

    public static class Papers
    {
        public static readonly DataField<string> PaperId = new("paper_id", false);
        public static readonly DataField<string> Title = new("title", true);
        public static readonly DataField<int> AbstractSentences = new("abstract_sentences", false);
        public static readonly DataField<int> AbstractNonblankSentences = new("abstract_nonblank_sentences", false);
        public static readonly DataField<int> AbstractWords = new("abstract_words", false);
        public static readonly DataField<int> AbstractChars = new("abstract_chars", false);
        public static readonly DataField<int> TitleWords = new("title_words", false);
        public static readonly DataField<int> TldrCount = new("tldr_count", false);
        public static readonly DataField<int> AuthorTldrCount = new("author_tldr_count", false);
        public static readonly DataField<int> PeerReviewTldrCount = new("peer_review_tldr_count", false);
        public static readonly DataField<int> BlankTldrCount = new("blank_tldr_count", false);
        public static readonly DataField<int> SourceLabelsLength = new("source_labels_length", true);
        public static readonly DataField<int> RougeScoresLength = new("rouge_scores_length", true);
        public static readonly DataField<int> OracleCount = new("oracle_count", true);
        public static readonly DataField<int> OracleIndex = new("oracle_index", true);
        public static readonly DataField<double> RougeMin = new("rouge_min", true);
        public static readonly DataField<double> RougeMax = new("rouge_max", true);
        public static readonly DataField<double> RougeMean = new("rouge_mean", true);

        public static readonly ParquetSchema Schema = new(
            PaperId,
            Title,
            AbstractSentences,
            AbstractNonblankSentences,
            AbstractWords,
            AbstractChars,
            TitleWords,
            TldrCount,
            AuthorTldrCount,
            PeerReviewTldrCount,
            BlankTldrCount,
            SourceLabelsLength,
            RougeScoresLength,
            OracleCount,
            OracleIndex,
            RougeMin,
            RougeMax,
            RougeMean);
    }

    public static class Tldrs
    {
        public static readonly DataField<string> PaperId = new("paper_id", false);
        public static readonly DataField<int> TldrIndex = new("tldr_index", false);
        public static readonly DataField<string> Source = new("source", false);
        public static readonly DataField<string> Text = new("text", false);
        public static readonly DataField<int> Words = new("words", false);
        public static readonly DataField<int> Chars = new("chars", false);
        public static readonly DataField<double> Compression = new("compression", true);

        public static readonly ParquetSchema Schema = new(PaperId, TldrIndex, Source, Text, Words, Chars, Compression);
    }
}
