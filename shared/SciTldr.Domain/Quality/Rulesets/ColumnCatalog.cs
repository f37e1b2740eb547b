using System.Diagnostics.CodeAnalysis;
using SciTldr.Domain.Features;
using SciTldr.Domain.Quality.RunLevel;
using SciTldr.Domain.Silver;
using P = SciTldr.Domain.Silver.SilverSchema.Papers;
using T = SciTldr.Domain.Silver.SilverSchema.Tldrs;

namespace SciTldr.Domain.Quality.Rulesets;

/// <summary>How a rule reads a column: as a number (counts, scores, and booleans as 0/1) or as text.</summary>
public enum ColumnType
{
    Number,
    Text,
}

/// <summary>
/// One silver column over the in-memory row type: its Parquet name and an accessor. Exactly one of
/// <see cref="Number"/> and <see cref="Text"/> is set, as <see cref="Type"/> says; null means the
/// row has no value.
/// </summary>
public sealed class SilverColumn<TRow>
{
    internal SilverColumn(string name, Func<TRow, double?> number) => (Name, Type, Number) = (name, ColumnType.Number, number);

    internal SilverColumn(string name, Func<TRow, string?> text) => (Name, Type, Text) = (name, ColumnType.Text, text);

    public string Name { get; }

    public ColumnType Type { get; }

    public Func<TRow, double?>? Number { get; }

    public Func<TRow, string?>? Text { get; }

    /// <summary>The value as text for reports: numbers in invariant round-trip form, null as null.</summary>
    public string? Format(TRow row) => Type == ColumnType.Text
        ? Text!(row)
        : Number!(row) is { } value ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>
/// The columns a ruleset may name, by silver table, under their Parquet names (docs/silver-schema.md,
/// taken from <see cref="SilverSchema"/> so the two cannot drift apart). Every column of both tables
/// is here; boolean columns read as numbers, 1 for true and 0 for false.
/// </summary>
public static class ColumnCatalog
{
    public static readonly IReadOnlyDictionary<string, SilverColumn<PaperFeatures>> Papers = Index(
    [
        Text<PaperFeatures>(P.PaperId.Name, p => p.PaperId),
        Text<PaperFeatures>(P.Title.Name, p => p.Title),
        Number<PaperFeatures>(P.AbstractSentences.Name, p => p.AbstractSentences),
        Number<PaperFeatures>(P.AbstractNonblankSentences.Name, p => p.AbstractNonblankSentences),
        Number<PaperFeatures>(P.AbstractWords.Name, p => p.AbstractWords),
        Number<PaperFeatures>(P.AbstractChars.Name, p => p.AbstractChars),
        Number<PaperFeatures>(P.TitleWords.Name, p => p.TitleWords),
        Number<PaperFeatures>(P.TldrCount.Name, p => p.TldrCount),
        Number<PaperFeatures>(P.AuthorTldrCount.Name, p => p.AuthorTldrCount),
        Number<PaperFeatures>(P.PeerReviewTldrCount.Name, p => p.PeerReviewTldrCount),
        Number<PaperFeatures>(P.BlankTldrCount.Name, p => p.BlankTldrCount),
        Number<PaperFeatures>(P.SourceLabelsLength.Name, p => p.SourceLabelsLength),
        Number<PaperFeatures>(P.RougeScoresLength.Name, p => p.RougeScoresLength),
        Number<PaperFeatures>(P.OracleCount.Name, p => p.OracleCount),
        Number<PaperFeatures>(P.OracleIndex.Name, p => p.OracleIndex),
        Number<PaperFeatures>(P.RougeMin.Name, p => p.RougeMin),
        Number<PaperFeatures>(P.RougeMax.Name, p => p.RougeMax),
        Number<PaperFeatures>(P.RougeMean.Name, p => p.RougeMean),
        Text<PaperFeatures>(P.TitleNormalized.Name, p => p.TitleNormalized),
        Text<PaperFeatures>(P.Abstract.Name, p => p.Abstract),
        Text<PaperFeatures>(P.AbstractSha256.Name, p => p.AbstractSha256),
        Number<PaperFeatures>(P.AbstractTokens.Name, p => p.AbstractTokens),
        Number<PaperFeatures>(P.TitleTokens.Name, p => p.TitleTokens),
        Number<PaperFeatures>(P.Aligned.Name, p => Flag(p.Aligned)),
        Number<PaperFeatures>(P.OracleRelativePosition.Name, p => p.OracleRelativePosition),
        Text<PaperFeatures>(P.Keyphrases.Name, p => p.Keyphrases),
        Text<PaperFeatures>(P.ResearchAreas.Name, p => p.ResearchAreas),
    ]);

    public static readonly IReadOnlyDictionary<string, SilverColumn<TldrFeatures>> Tldrs = Index(
    [
        Text<TldrFeatures>(T.PaperId.Name, t => t.PaperId),
        Number<TldrFeatures>(T.TldrIndex.Name, t => t.TldrIndex),
        Text<TldrFeatures>(T.Source.Name, t => t.Source),
        Text<TldrFeatures>(T.Text.Name, t => t.Text),
        Number<TldrFeatures>(T.Words.Name, t => t.Words),
        Number<TldrFeatures>(T.Chars.Name, t => t.Chars),
        Number<TldrFeatures>(T.Compression.Name, t => t.Compression),
        Text<TldrFeatures>(T.TextNormalized.Name, t => t.TextNormalized),
        Number<TldrFeatures>(T.Tokens.Name, t => t.Tokens),
        Number<TldrFeatures>(T.Rouge1F1.Name, t => t.Rouge1F1),
        Number<TldrFeatures>(T.Rouge2F1.Name, t => t.Rouge2F1),
        Number<TldrFeatures>(T.RougeLF1.Name, t => t.RougeLF1),
        Number<TldrFeatures>(T.Novel1GramPct.Name, t => t.Novel1GramPct),
        Number<TldrFeatures>(T.Novel2GramPct.Name, t => t.Novel2GramPct),
        Number<TldrFeatures>(T.Novel3GramPct.Name, t => t.Novel3GramPct),
        Number<TldrFeatures>(T.OracleSentence.Name, t => t.OracleSentence),
        Number<TldrFeatures>(T.OracleRelativePosition.Name, t => t.OracleRelativePosition),
        Number<TldrFeatures>(T.OracleRouge1.Name, t => t.OracleRouge1),
        Number<TldrFeatures>(T.FirstPerson.Name, t => Flag(t.FirstPerson)),
        Number<TldrFeatures>(T.ContainsNumber.Name, t => Flag(t.ContainsNumber)),
        Number<TldrFeatures>(T.StartsWithWePropose.Name, t => Flag(t.StartsWithWePropose)),
        Number<TldrFeatures>(T.StartsWithThisPaper.Name, t => Flag(t.StartsWithThisPaper)),
        Number<TldrFeatures>(T.IsQuestion.Name, t => Flag(t.IsQuestion)),
        Number<TldrFeatures>(T.ClaimsStateOfTheArt.Name, t => Flag(t.ClaimsStateOfTheArt)),
        Number<TldrFeatures>(T.MentionsCode.Name, t => Flag(t.MentionsCode)),
    ]);

    /// <summary>The column names of a table, in schema order.</summary>
    public static IEnumerable<string> Names(RuleTable table) => table switch
    {
        RuleTable.Papers => Papers.Keys,
        RuleTable.Tldrs => Tldrs.Keys,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "unknown table"),
    };

    public static bool TryGetType(RuleTable table, string column, [NotNullWhen(true)] out ColumnType? type)
    {
        type = table switch
        {
            RuleTable.Papers => Papers.TryGetValue(column, out var paper) ? paper.Type : null,
            RuleTable.Tldrs => Tldrs.TryGetValue(column, out var tldr) ? tldr.Type : null,
            _ => null,
        };
        return type is not null;
    }

    /// <summary>The column of the papers table; throws for a name the catalog does not hold.</summary>
    public static SilverColumn<PaperFeatures> Paper(string column) =>
        Papers.TryGetValue(column, out var found) ? found : throw new KeyNotFoundException($"papers has no column '{column}'");

    /// <summary>The column of the tldrs table; throws for a name the catalog does not hold.</summary>
    public static SilverColumn<TldrFeatures> Tldr(string column) =>
        Tldrs.TryGetValue(column, out var found) ? found : throw new KeyNotFoundException($"tldrs has no column '{column}'");

    /// <summary>
    /// The catalog as the run-level checker reads it. A numeric column read as text gives its invariant
    /// form (so uniqueness works on numbers too); a text column cannot be read as a number.
    /// </summary>
    public static IColumnAccess Access { get; } = new CatalogAccess();

    private static double Flag(bool value) => value ? 1 : 0;

    private static SilverColumn<TRow> Number<TRow>(string name, Func<TRow, double?> accessor) => new(name, accessor);

    private static SilverColumn<TRow> Text<TRow>(string name, Func<TRow, string?> accessor) => new(name, accessor);

    // An ordered dictionary keeps Names() in schema order.
    private static OrderedDictionary<string, SilverColumn<TRow>> Index<TRow>(SilverColumn<TRow>[] columns)
    {
        var index = new OrderedDictionary<string, SilverColumn<TRow>>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            index.Add(column.Name, column);
        }

        return index;
    }

    private sealed class CatalogAccess : IColumnAccess
    {
        public Func<PaperFeatures, double?> PaperNumber(string column) => NumberOf(Paper(column));

        public Func<PaperFeatures, string?> PaperText(string column) => TextOf(Paper(column));

        public Func<TldrFeatures, double?> TldrNumber(string column) => NumberOf(Tldr(column));

        public Func<TldrFeatures, string?> TldrText(string column) => TextOf(Tldr(column));

        private static Func<TRow, double?> NumberOf<TRow>(SilverColumn<TRow> column) =>
            column.Number ?? throw new ArgumentException($"column '{column.Name}' is text, not a number", nameof(column));

        private static Func<TRow, string?> TextOf<TRow>(SilverColumn<TRow> column) => column.Text ?? column.Format;
    }
}
