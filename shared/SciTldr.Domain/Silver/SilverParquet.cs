using Parquet;
using Parquet.Schema;
using SciTldr.Domain.Features;

namespace SciTldr.Domain.Silver;

/// <summary>Writes and reads the silver tables of one partition.</summary>
/// <remarks>
/// A redelivered partition must rewrite identical bytes, so writing is deterministic: one row group,
/// fixed column order, snappy, and no timestamps or ids (Parquet.Net's <c>created_by</c> names only
/// its own version). Streams are the caller's; writing needs a seekable one, reading a seekable one too
/// (copy an S3 response into memory first).
/// </remarks>
public static class SilverParquet
{
    private static readonly ParquetOptions Options = new() { CompressionMethod = CompressionMethod.Snappy };

    public static async Task WritePapersAsync(
        Stream output, IReadOnlyList<PaperFeatures> papers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(papers);

        await using var writer = await CreateWriterAsync(SilverSchema.Papers.Schema, SilverSchema.PapersSchemaName, output, cancellationToken);
        using var group = writer.CreateRowGroup();
        await WriteStrings(group, SilverSchema.Papers.PaperId, papers, p => p.PaperId);
        await WriteStrings(group, SilverSchema.Papers.Title, papers, p => p.Title);
        await WriteValues(group, SilverSchema.Papers.AbstractSentences, papers, p => p.AbstractSentences, cancellationToken);
        await WriteValues(group, SilverSchema.Papers.AbstractNonblankSentences, papers, p => p.AbstractNonblankSentences, cancellationToken);
        await WriteValues(group, SilverSchema.Papers.AbstractWords, papers, p => p.AbstractWords, cancellationToken);
        await WriteValues(group, SilverSchema.Papers.AbstractChars, papers, p => p.AbstractChars, cancellationToken);
        await WriteValues(group, SilverSchema.Papers.TitleWords, papers, p => p.TitleWords, cancellationToken);
        await WriteValues(group, SilverSchema.Papers.TldrCount, papers, p => p.TldrCount, cancellationToken);
        await WriteValues(group, SilverSchema.Papers.AuthorTldrCount, papers, p => p.AuthorTldrCount, cancellationToken);
        await WriteValues(group, SilverSchema.Papers.PeerReviewTldrCount, papers, p => p.PeerReviewTldrCount, cancellationToken);
        await WriteValues(group, SilverSchema.Papers.BlankTldrCount, papers, p => p.BlankTldrCount, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Papers.SourceLabelsLength, papers, p => p.SourceLabelsLength, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Papers.RougeScoresLength, papers, p => p.RougeScoresLength, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Papers.OracleCount, papers, p => p.OracleCount, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Papers.OracleIndex, papers, p => p.OracleIndex, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Papers.RougeMin, papers, p => p.RougeMin, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Papers.RougeMax, papers, p => p.RougeMax, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Papers.RougeMean, papers, p => p.RougeMean, cancellationToken);
        await WriteStrings(group, SilverSchema.Papers.TitleNormalized, papers, p => p.TitleNormalized);
        await WriteStrings(group, SilverSchema.Papers.Abstract, papers, p => p.Abstract);
        await WriteStrings(group, SilverSchema.Papers.AbstractSha256, papers, p => p.AbstractSha256);
        await WriteValues(group, SilverSchema.Papers.AbstractTokens, papers, p => p.AbstractTokens, cancellationToken);
        await WriteValues(group, SilverSchema.Papers.TitleTokens, papers, p => p.TitleTokens, cancellationToken);
        await WriteValues(group, SilverSchema.Papers.Aligned, papers, p => p.Aligned, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Papers.OracleRelativePosition, papers, p => p.OracleRelativePosition, cancellationToken);
        await WriteStrings(group, SilverSchema.Papers.Keyphrases, papers, p => p.Keyphrases);
        await WriteStrings(group, SilverSchema.Papers.ResearchAreas, papers, p => p.ResearchAreas);
    }

    public static async Task WriteTldrsAsync(
        Stream output, IReadOnlyList<TldrFeatures> tldrs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(tldrs);

        await using var writer = await CreateWriterAsync(SilverSchema.Tldrs.Schema, SilverSchema.TldrsSchemaName, output, cancellationToken);
        using var group = writer.CreateRowGroup();
        await WriteStrings(group, SilverSchema.Tldrs.PaperId, tldrs, t => t.PaperId);
        await WriteValues(group, SilverSchema.Tldrs.TldrIndex, tldrs, t => t.TldrIndex, cancellationToken);
        await WriteStrings(group, SilverSchema.Tldrs.Source, tldrs, t => t.Source);
        await WriteStrings(group, SilverSchema.Tldrs.Text, tldrs, t => t.Text);
        await WriteValues(group, SilverSchema.Tldrs.Words, tldrs, t => t.Words, cancellationToken);
        await WriteValues(group, SilverSchema.Tldrs.Chars, tldrs, t => t.Chars, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Tldrs.Compression, tldrs, t => t.Compression, cancellationToken);
        await WriteStrings(group, SilverSchema.Tldrs.TextNormalized, tldrs, t => t.TextNormalized);
        await WriteValues(group, SilverSchema.Tldrs.Tokens, tldrs, t => t.Tokens, cancellationToken);
        await WriteValues(group, SilverSchema.Tldrs.Rouge1F1, tldrs, t => t.Rouge1F1, cancellationToken);
        await WriteValues(group, SilverSchema.Tldrs.Rouge2F1, tldrs, t => t.Rouge2F1, cancellationToken);
        await WriteValues(group, SilverSchema.Tldrs.RougeLF1, tldrs, t => t.RougeLF1, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Tldrs.Novel1GramPct, tldrs, t => t.Novel1GramPct, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Tldrs.Novel2GramPct, tldrs, t => t.Novel2GramPct, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Tldrs.Novel3GramPct, tldrs, t => t.Novel3GramPct, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Tldrs.OracleSentence, tldrs, t => t.OracleSentence, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Tldrs.OracleRelativePosition, tldrs, t => t.OracleRelativePosition, cancellationToken);
        await WriteNullableValues(group, SilverSchema.Tldrs.OracleRouge1, tldrs, t => t.OracleRouge1, cancellationToken);
        await WriteValues(group, SilverSchema.Tldrs.FirstPerson, tldrs, t => t.FirstPerson, cancellationToken);
        await WriteValues(group, SilverSchema.Tldrs.ContainsNumber, tldrs, t => t.ContainsNumber, cancellationToken);
        await WriteValues(group, SilverSchema.Tldrs.StartsWithWePropose, tldrs, t => t.StartsWithWePropose, cancellationToken);
        await WriteValues(group, SilverSchema.Tldrs.StartsWithThisPaper, tldrs, t => t.StartsWithThisPaper, cancellationToken);
        await WriteValues(group, SilverSchema.Tldrs.IsQuestion, tldrs, t => t.IsQuestion, cancellationToken);
        await WriteValues(group, SilverSchema.Tldrs.ClaimsStateOfTheArt, tldrs, t => t.ClaimsStateOfTheArt, cancellationToken);
        await WriteValues(group, SilverSchema.Tldrs.MentionsCode, tldrs, t => t.MentionsCode, cancellationToken);
    }

    public static Task<IReadOnlyList<PaperFeatures>> ReadPapersAsync(Stream input, CancellationToken cancellationToken = default) =>
        ReadPapersAsync(input, null, cancellationToken);

    /// <summary>
    /// Reads the papers, decoding only <paramref name="columns"/> (by Parquet name; null: all). Columns left
    /// out hold defaults (0, null, ""): for readers that need a few columns of many partitions.
    /// </summary>
    public static async Task<IReadOnlyList<PaperFeatures>> ReadPapersAsync(Stream input, IReadOnlySet<string>? columns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);

        await using var reader = await OpenReaderAsync(SilverSchema.Papers.Schema, SilverSchema.PapersSchemaName, input, cancellationToken);
        var papers = new List<PaperFeatures>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = checked((int)group.RowCount);
            var paperIds = await ReadStrings(group, SilverSchema.Papers.PaperId, rows, columns, cancellationToken);
            var titles = await ReadStrings(group, SilverSchema.Papers.Title, rows, columns, cancellationToken);
            var sentences = await ReadValues(group, SilverSchema.Papers.AbstractSentences, rows, columns, cancellationToken);
            var nonblank = await ReadValues(group, SilverSchema.Papers.AbstractNonblankSentences, rows, columns, cancellationToken);
            var words = await ReadValues(group, SilverSchema.Papers.AbstractWords, rows, columns, cancellationToken);
            var chars = await ReadValues(group, SilverSchema.Papers.AbstractChars, rows, columns, cancellationToken);
            var titleWords = await ReadValues(group, SilverSchema.Papers.TitleWords, rows, columns, cancellationToken);
            var tldrCount = await ReadValues(group, SilverSchema.Papers.TldrCount, rows, columns, cancellationToken);
            var authorCount = await ReadValues(group, SilverSchema.Papers.AuthorTldrCount, rows, columns, cancellationToken);
            var peerCount = await ReadValues(group, SilverSchema.Papers.PeerReviewTldrCount, rows, columns, cancellationToken);
            var blankCount = await ReadValues(group, SilverSchema.Papers.BlankTldrCount, rows, columns, cancellationToken);
            var labelsLength = await ReadNullableValues(group, SilverSchema.Papers.SourceLabelsLength, rows, columns, cancellationToken);
            var scoresLength = await ReadNullableValues(group, SilverSchema.Papers.RougeScoresLength, rows, columns, cancellationToken);
            var oracleCount = await ReadNullableValues(group, SilverSchema.Papers.OracleCount, rows, columns, cancellationToken);
            var oracleIndex = await ReadNullableValues(group, SilverSchema.Papers.OracleIndex, rows, columns, cancellationToken);
            var rougeMin = await ReadNullableValues(group, SilverSchema.Papers.RougeMin, rows, columns, cancellationToken);
            var rougeMax = await ReadNullableValues(group, SilverSchema.Papers.RougeMax, rows, columns, cancellationToken);
            var rougeMean = await ReadNullableValues(group, SilverSchema.Papers.RougeMean, rows, columns, cancellationToken);
            var titleNormalized = await ReadStrings(group, SilverSchema.Papers.TitleNormalized, rows, columns, cancellationToken);
            var abstracts = await ReadStrings(group, SilverSchema.Papers.Abstract, rows, columns, cancellationToken);
            var sha = await ReadStrings(group, SilverSchema.Papers.AbstractSha256, rows, columns, cancellationToken);
            var abstractTokens = await ReadValues(group, SilverSchema.Papers.AbstractTokens, rows, columns, cancellationToken);
            var titleTokens = await ReadValues(group, SilverSchema.Papers.TitleTokens, rows, columns, cancellationToken);
            var aligned = await ReadValues(group, SilverSchema.Papers.Aligned, rows, columns, cancellationToken);
            var oraclePosition = await ReadNullableValues(group, SilverSchema.Papers.OracleRelativePosition, rows, columns, cancellationToken);
            var keyphrases = await ReadStrings(group, SilverSchema.Papers.Keyphrases, rows, columns, cancellationToken);
            var areas = await ReadStrings(group, SilverSchema.Papers.ResearchAreas, rows, columns, cancellationToken);

            for (var i = 0; i < rows; i++)
            {
                papers.Add(new PaperFeatures
                {
                    PaperId = Required(paperIds[i], SilverSchema.Papers.PaperId),
                    Title = titles[i],
                    AbstractSentences = sentences[i],
                    AbstractNonblankSentences = nonblank[i],
                    AbstractWords = words[i],
                    AbstractChars = chars[i],
                    TitleWords = titleWords[i],
                    TldrCount = tldrCount[i],
                    AuthorTldrCount = authorCount[i],
                    PeerReviewTldrCount = peerCount[i],
                    BlankTldrCount = blankCount[i],
                    SourceLabelsLength = labelsLength[i],
                    RougeScoresLength = scoresLength[i],
                    OracleCount = oracleCount[i],
                    OracleIndex = oracleIndex[i],
                    RougeMin = rougeMin[i],
                    RougeMax = rougeMax[i],
                    RougeMean = rougeMean[i],
                    TitleNormalized = Required(titleNormalized[i], SilverSchema.Papers.TitleNormalized),
                    Abstract = Required(abstracts[i], SilverSchema.Papers.Abstract),
                    AbstractSha256 = Required(sha[i], SilverSchema.Papers.AbstractSha256),
                    AbstractTokens = abstractTokens[i],
                    TitleTokens = titleTokens[i],
                    Aligned = aligned[i],
                    OracleRelativePosition = oraclePosition[i],
                    Keyphrases = Required(keyphrases[i], SilverSchema.Papers.Keyphrases),
                    ResearchAreas = Required(areas[i], SilverSchema.Papers.ResearchAreas),
                });
            }
        }

        return papers;
    }

    public static Task<IReadOnlyList<TldrFeatures>> ReadTldrsAsync(Stream input, CancellationToken cancellationToken = default) =>
        ReadTldrsAsync(input, null, cancellationToken);

    /// <summary>Reads the TLDR rows, decoding only <paramref name="columns"/> (null: all); see <see cref="ReadPapersAsync(Stream, IReadOnlySet{string}, CancellationToken)"/>.</summary>
    public static async Task<IReadOnlyList<TldrFeatures>> ReadTldrsAsync(Stream input, IReadOnlySet<string>? columns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);

        await using var reader = await OpenReaderAsync(SilverSchema.Tldrs.Schema, SilverSchema.TldrsSchemaName, input, cancellationToken);
        var tldrs = new List<TldrFeatures>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = checked((int)group.RowCount);
            var paperIds = await ReadStrings(group, SilverSchema.Tldrs.PaperId, rows, columns, cancellationToken);
            var indexes = await ReadValues(group, SilverSchema.Tldrs.TldrIndex, rows, columns, cancellationToken);
            var sources = await ReadStrings(group, SilverSchema.Tldrs.Source, rows, columns, cancellationToken);
            var texts = await ReadStrings(group, SilverSchema.Tldrs.Text, rows, columns, cancellationToken);
            var words = await ReadValues(group, SilverSchema.Tldrs.Words, rows, columns, cancellationToken);
            var chars = await ReadValues(group, SilverSchema.Tldrs.Chars, rows, columns, cancellationToken);
            var compression = await ReadNullableValues(group, SilverSchema.Tldrs.Compression, rows, columns, cancellationToken);
            var normalized = await ReadStrings(group, SilverSchema.Tldrs.TextNormalized, rows, columns, cancellationToken);
            var tokens = await ReadValues(group, SilverSchema.Tldrs.Tokens, rows, columns, cancellationToken);
            var rouge1 = await ReadValues(group, SilverSchema.Tldrs.Rouge1F1, rows, columns, cancellationToken);
            var rouge2 = await ReadValues(group, SilverSchema.Tldrs.Rouge2F1, rows, columns, cancellationToken);
            var rougeL = await ReadValues(group, SilverSchema.Tldrs.RougeLF1, rows, columns, cancellationToken);
            var novel1 = await ReadNullableValues(group, SilverSchema.Tldrs.Novel1GramPct, rows, columns, cancellationToken);
            var novel2 = await ReadNullableValues(group, SilverSchema.Tldrs.Novel2GramPct, rows, columns, cancellationToken);
            var novel3 = await ReadNullableValues(group, SilverSchema.Tldrs.Novel3GramPct, rows, columns, cancellationToken);
            var oracleSentence = await ReadNullableValues(group, SilverSchema.Tldrs.OracleSentence, rows, columns, cancellationToken);
            var oraclePosition = await ReadNullableValues(group, SilverSchema.Tldrs.OracleRelativePosition, rows, columns, cancellationToken);
            var oracleRouge = await ReadNullableValues(group, SilverSchema.Tldrs.OracleRouge1, rows, columns, cancellationToken);
            var firstPerson = await ReadValues(group, SilverSchema.Tldrs.FirstPerson, rows, columns, cancellationToken);
            var containsNumber = await ReadValues(group, SilverSchema.Tldrs.ContainsNumber, rows, columns, cancellationToken);
            var wePropose = await ReadValues(group, SilverSchema.Tldrs.StartsWithWePropose, rows, columns, cancellationToken);
            var thisPaper = await ReadValues(group, SilverSchema.Tldrs.StartsWithThisPaper, rows, columns, cancellationToken);
            var question = await ReadValues(group, SilverSchema.Tldrs.IsQuestion, rows, columns, cancellationToken);
            var sota = await ReadValues(group, SilverSchema.Tldrs.ClaimsStateOfTheArt, rows, columns, cancellationToken);
            var code = await ReadValues(group, SilverSchema.Tldrs.MentionsCode, rows, columns, cancellationToken);

            for (var i = 0; i < rows; i++)
            {
                tldrs.Add(new TldrFeatures
                {
                    PaperId = Required(paperIds[i], SilverSchema.Tldrs.PaperId),
                    TldrIndex = indexes[i],
                    Source = Required(sources[i], SilverSchema.Tldrs.Source),
                    Text = Required(texts[i], SilverSchema.Tldrs.Text),
                    Words = words[i],
                    Chars = chars[i],
                    Compression = compression[i],
                    TextNormalized = Required(normalized[i], SilverSchema.Tldrs.TextNormalized),
                    Tokens = tokens[i],
                    Rouge1F1 = rouge1[i],
                    Rouge2F1 = rouge2[i],
                    RougeLF1 = rougeL[i],
                    Novel1GramPct = novel1[i],
                    Novel2GramPct = novel2[i],
                    Novel3GramPct = novel3[i],
                    OracleSentence = oracleSentence[i],
                    OracleRelativePosition = oraclePosition[i],
                    OracleRouge1 = oracleRouge[i],
                    FirstPerson = firstPerson[i],
                    ContainsNumber = containsNumber[i],
                    StartsWithWePropose = wePropose[i],
                    StartsWithThisPaper = thisPaper[i],
                    IsQuestion = question[i],
                    ClaimsStateOfTheArt = sota[i],
                    MentionsCode = code[i],
                });
            }
        }

        return tldrs;
    }

    private static async Task<ParquetWriter> CreateWriterAsync(
        ParquetSchema schema, string schemaName, Stream output, CancellationToken cancellationToken)
    {
        var writer = await ParquetWriter.CreateAsync(schema, output, Options, append: false, cancellationToken);
        writer.CustomMetadata = new Dictionary<string, string>
        {
            [SilverSchema.SchemaKey] = schemaName,
            [SilverSchema.NormalizerKey] = Text.TextNormalizer.Version,
            [SilverSchema.KeyphrasesKey] = Enrichment.Keyphrases.Method,
            [SilverSchema.ResearchAreasKey] = Enrichment.ResearchAreas.LexiconVersion,
        };
        return writer;
    }

    /// <summary>
    /// How a silver file's schema differs from the one this code writes: a wrong or missing schema marker
    /// (e.g. <c>papers/1</c> instead of <c>papers/2</c>), missing or extra columns, columns of another
    /// type or nullability. Empty when it matches. Reads only the file's footer.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SchemaDifferencesAsync(Stream input, bool papers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (expected, name) = papers ? (SilverSchema.Papers.Schema, SilverSchema.PapersSchemaName) : (SilverSchema.Tldrs.Schema, SilverSchema.TldrsSchemaName);
        var differences = new List<string>();
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(input, Options, leaveStreamOpen: true, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException)
        {
            return [$"not a readable Parquet file: {ex.Message}"];
        }

        await using (reader)
        {
            if (!reader.CustomMetadata.TryGetValue(SilverSchema.SchemaKey, out var found) || found != name)
            {
                differences.Add($"schema marker '{found ?? "(none)"}', expected '{name}'");
            }

            var actual = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
            foreach (var field in expected.GetDataFields())
            {
                if (!actual.Remove(field.Name, out var present))
                {
                    differences.Add($"column '{field.Name}' is missing");
                }
                else if (Logical(present.ClrType) != Logical(field.ClrType) || present.IsNullable != field.IsNullable || present.IsArray != field.IsArray)
                {
                    differences.Add($"column '{field.Name}' is {Describe(present)}, expected {Describe(field)}");
                }
            }

            differences.AddRange(actual.Keys.Order(StringComparer.Ordinal).Select(extra => $"column '{extra}' is not in the schema"));
        }

        return differences;

        // Parquet.Net may surface a string column as ReadOnlyMemory<char>: the same logical type.
        static Type Logical(Type type) => type == typeof(ReadOnlyMemory<char>) ? typeof(string) : type;

        static string Describe(DataField field) =>
            $"{Logical(field.ClrType).Name}{(field.IsArray ? "[]" : "")}{(field.IsNullable ? " (nullable)" : "")}";
    }

    private static async Task<ParquetReader> OpenReaderAsync(
        ParquetSchema expected, string schemaName, Stream input, CancellationToken cancellationToken)
    {
        var reader = await ParquetReader.CreateAsync(input, Options, leaveStreamOpen: true, cancellationToken);
        try
        {
            // Fail with a clear message on the wrong table, rather than on a missing column deep inside.
            if (!reader.CustomMetadata.TryGetValue(SilverSchema.SchemaKey, out var found) || found != schemaName)
            {
                throw new InvalidDataException(
                    $"expected a silver '{schemaName}' file, found '{found ?? "(no schema marker)"}'");
            }

            var present = reader.Schema.GetDataFields().Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            var missing = expected.GetDataFields().Select(f => f.Name).Where(name => !present.Contains(name)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException($"silver '{schemaName}' file lacks columns: {string.Join(", ", missing)}");
            }

            return reader;
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    private static async Task WriteStrings<TRow>(
        ParquetRowGroupWriter group, DataField<string> field, IReadOnlyList<TRow> rows, Func<TRow, string?> select)
    {
        var values = new string?[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = select(rows[i]);
        }

        await group.WriteAsync(field, values);
    }

    private static async Task WriteValues<TRow, T>(
        ParquetRowGroupWriter group, DataField<T> field, IReadOnlyList<TRow> rows, Func<TRow, T> select, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = select(rows[i]);
        }

        await group.WriteAsync<T>(field, values, cancellationToken: cancellationToken);
    }

    private static async Task WriteNullableValues<TRow, T>(
        ParquetRowGroupWriter group, DataField<T> field, IReadOnlyList<TRow> rows, Func<TRow, T?> select, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = select(rows[i]);
        }

        await group.WriteAsync<T>(field, values, cancellationToken: cancellationToken);
    }

    private static async Task<string?[]> ReadStrings(
        ParquetRowGroupReader group, DataField field, int rows, IReadOnlySet<string>? columns, CancellationToken cancellationToken)
    {
        var values = new string?[rows];
        if (columns is not null && !columns.Contains(field.Name))
        {
            Array.Fill(values, "");
            return values;
        }

        await group.ReadAsync(field, values.AsMemory(), cancellationToken: cancellationToken);
        return values;
    }

    private static async Task<T[]> ReadValues<T>(
        ParquetRowGroupReader group, DataField<T> field, int rows, IReadOnlySet<string>? columns, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T[rows];
        if (columns is null || columns.Contains(field.Name))
        {
            await group.ReadAsync<T>(field, values.AsMemory(), cancellationToken: cancellationToken);
        }

        return values;
    }

    private static async Task<T?[]> ReadNullableValues<T>(
        ParquetRowGroupReader group, DataField<T> field, int rows, IReadOnlySet<string>? columns, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[rows];
        if (columns is null || columns.Contains(field.Name))
        {
            await group.ReadAsync<T>(field, values.AsMemory(), cancellationToken: cancellationToken);
        }

        return values;
    }

    private static string Required(string? value, DataField field) =>
        value ?? throw new InvalidDataException($"column '{field.Name}' holds a null, which silver never writes");
}
