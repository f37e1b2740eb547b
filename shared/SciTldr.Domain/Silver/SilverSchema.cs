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

    /// <summary>Custom metadata keys naming the versions of the rules that made the values, so a value can be traced to them.</summary>
    public const string NormalizerKey = "scitldr.normalizer";
    public const string KeyphrasesKey = "scitldr.keyphrases";
    public const string ResearchAreasKey = "scitldr.research_areas";

    public const string PapersSchemaName = "papers/2";
    public const string TldrsSchemaName = "tldrs/2";

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
        public static readonly DataField<string> TitleNormalized = new("title_normalized", false);
        public static readonly DataField<string> Abstract = new("abstract", false);
        public static readonly DataField<string> AbstractSha256 = new("abstract_sha256", false);
        public static readonly DataField<int> AbstractTokens = new("abstract_tokens", false);
        public static readonly DataField<int> TitleTokens = new("title_tokens", false);
        public static readonly DataField<bool> Aligned = new("aligned", false);
        public static readonly DataField<double> OracleRelativePosition = new("oracle_relative_position", true);
        public static readonly DataField<string> Keyphrases = new("keyphrases", false);
        public static readonly DataField<string> ResearchAreas = new("research_areas", false);

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
            RougeMean,
            TitleNormalized,
            Abstract,
            AbstractSha256,
            AbstractTokens,
            TitleTokens,
            Aligned,
            OracleRelativePosition,
            Keyphrases,
            ResearchAreas);
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
        public static readonly DataField<string> TextNormalized = new("text_normalized", false);
        public static readonly DataField<int> Tokens = new("tokens", false);
        public static readonly DataField<double> Rouge1F1 = new("rouge1_f1", false);
        public static readonly DataField<double> Rouge2F1 = new("rouge2_f1", false);
        public static readonly DataField<double> RougeLF1 = new("rougel_f1", false);
        public static readonly DataField<double> Novel1GramPct = new("novel_1gram_pct", true);
        public static readonly DataField<double> Novel2GramPct = new("novel_2gram_pct", true);
        public static readonly DataField<double> Novel3GramPct = new("novel_3gram_pct", true);
        public static readonly DataField<int> OracleSentence = new("oracle_sentence", true);
        public static readonly DataField<double> OracleRelativePosition = new("oracle_relative_position", true);
        public static readonly DataField<double> OracleRouge1 = new("oracle_rouge1", true);
        public static readonly DataField<bool> FirstPerson = new("first_person", false);
        public static readonly DataField<bool> ContainsNumber = new("contains_number", false);
        public static readonly DataField<bool> StartsWithWePropose = new("starts_with_we_propose", false);
        public static readonly DataField<bool> StartsWithThisPaper = new("starts_with_this_paper", false);
        public static readonly DataField<bool> IsQuestion = new("is_question", false);
        public static readonly DataField<bool> ClaimsStateOfTheArt = new("claims_state_of_the_art", false);
        public static readonly DataField<bool> MentionsCode = new("mentions_code", false);

        public static readonly ParquetSchema Schema = new(
            PaperId, TldrIndex, Source, Text, Words, Chars, Compression,
            TextNormalized, Tokens, Rouge1F1, Rouge2F1, RougeLF1, Novel1GramPct, Novel2GramPct, Novel3GramPct,
            OracleSentence, OracleRelativePosition, OracleRouge1,
            FirstPerson, ContainsNumber, StartsWithWePropose, StartsWithThisPaper, IsQuestion, ClaimsStateOfTheArt, MentionsCode);
    }
}
