using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace SciTldr.Domain.Records;

/// <summary>
/// Decides, for one line of a JSONL source, whether it is blank, a valid SciTLDR record, or a
/// rejection with one of the <see cref="ReasonCodes"/>.
/// </summary>
/// <remarks>
/// This runs once per input line, so it reads the bytes with <see cref="Utf8JsonReader"/> directly:
/// no DOM, no reflection, and no allocations beyond the strings and arrays the record keeps.
/// Precedence when several things are wrong: invalid UTF-8, then malformed JSON (the whole line is
/// read before any other verdict), then not-an-object, then the first wrong type, then missing fields.
/// </remarks>
public static class RecordValidator
{
    /// <summary>Nesting deeper than this is malformed: it bounds the work a hostile line can cause.</summary>
    public const int MaxDepth = 64;

    /// <summary>The default line-size limit of the interface (1 MiB); the line reader enforces it.</summary>
    public const int DefaultMaxRecordBytes = 1024 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    // What a JSON parser treats as insignificant, plus \v and \f, which text editors also show as blank.
    private static readonly SearchValues<byte> BlankBytes = SearchValues.Create(" \t\r\n\v\f"u8);

    // Scratch lists reused across calls on the same thread, so building a record's arrays allocates
    // only the final arrays.
    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>Validates one line (without its newline) and parses it into a record when it is valid.</summary>
    /// <remarks>
    /// A UTF-8 byte-order mark at the start of the line is skipped: the interface allows one at the start
    /// of a file, and accepting it here spares every reader from special-casing its first line.
    /// </remarks>
    public static RecordValidationResult Validate(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith(Utf8Bom))
        {
            line = line[Utf8Bom.Length..];
        }

        if (line.IndexOfAnyExcept(BlankBytes) < 0)
        {
            return RecordValidationResult.Blank;
        }

        if (!Utf8.IsValid(line))
        {
            return RecordValidationResult.Rejected(
                ReasonCodes.InvalidUtf8,
                $"the line is not valid UTF-8: invalid byte sequence at offset {FirstInvalidUtf8Offset(line)}");
        }

        var reader = new Utf8JsonReader(line, ReaderOptions);
        try
        {
            return ReadDocument(ref reader, t_scratch ??= new Scratch());
        }
        catch (JsonException e)
        {
            return RecordValidationResult.Rejected(
                ReasonCodes.MalformedJson,
                $"not valid JSON at byte {e.BytePositionInLine}: {WithoutPosition(e.Message)}");
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader.GetString throws this for \u escapes that encode an unpaired surrogate:
            // the syntax is fine but the text cannot exist, so the line is unusable as JSON text.
            return RecordValidationResult.Rejected(
                ReasonCodes.MalformedJson,
                $"not valid JSON text near byte {reader.BytesConsumed}: {e.Message}");
        }
        finally
        {
            t_scratch?.Clear();
        }
    }

    /// <summary>
    /// The rejection for a line longer than the limit. The line reader detects this before the line is
    /// ever buffered whole, so it cannot go through <see cref="Validate"/>.
    /// </summary>
    public static RecordValidationResult RecordTooLarge(long lineBytes, long limitBytes) =>
        RecordValidationResult.Rejected(
            ReasonCodes.RecordTooLarge,
            $"the line is {lineBytes} bytes long, more than the limit of {limitBytes} bytes");

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static RecordValidationResult ReadDocument(ref Utf8JsonReader reader, Scratch scratch)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var found = Describe(reader.TokenType);

            // Read to the end first: a broken array is malformed JSON, not merely "not an object".
            reader.Skip();
            ReadToEnd(ref reader);
            return RecordValidationResult.Rejected(ReasonCodes.NotAnObject, $"the line is a JSON {found}, not an object");
        }

        var fields = new Fields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (fields.TypeError is not null)
            {
                // One wrong type decides the verdict; keep reading only to prove the rest is valid JSON.
                reader.Read();
                reader.Skip();
                continue;
            }

            ReadProperty(ref reader, ref fields, scratch);
        }

        ReadToEnd(ref reader);

        if (fields.TypeError is not null)
        {
            return RecordValidationResult.Rejected(ReasonCodes.WrongType, fields.TypeError);
        }

        if (fields.PaperId is null || fields.Source is null || fields.Target is null)
        {
            return RecordValidationResult.Rejected(ReasonCodes.MissingField, DescribeMissing(fields));
        }

        return RecordValidationResult.Accepted(
            new PaperRecord(fields.PaperId, fields.Title, fields.Source, fields.SourceLabels, fields.RougeScores, fields.Target));
    }

    private static void ReadProperty(ref Utf8JsonReader reader, ref Fields fields, Scratch scratch)
    {
        if (reader.ValueTextEquals("paper_id"u8))
        {
            reader.Read();
            fields.PaperIdNull = reader.TokenType == JsonTokenType.Null;
            fields.PaperId = null;
            if (reader.TokenType == JsonTokenType.String)
            {
                fields.PaperId = reader.GetString();
            }
            else if (!fields.PaperIdNull)
            {
                fields.TypeError = $"field 'paper_id' must be a string, found {Describe(reader.TokenType)}";
                reader.Skip();
            }
        }
        else if (reader.ValueTextEquals("title"u8))
        {
            reader.Read();
            fields.Title = null;
            if (reader.TokenType == JsonTokenType.String)
            {
                fields.Title = reader.GetString();
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                fields.TypeError = $"field 'title' must be a string or null, found {Describe(reader.TokenType)}";
                reader.Skip();
            }
        }
        else if (reader.ValueTextEquals("source"u8))
        {
            reader.Read();
            fields.SourceNull = reader.TokenType == JsonTokenType.Null;
            fields.Source = fields.SourceNull ? null : ReadStringArray(ref reader, "source", scratch, ref fields.TypeError);
        }
        else if (reader.ValueTextEquals("target"u8))
        {
            reader.Read();
            fields.TargetNull = reader.TokenType == JsonTokenType.Null;
            fields.Target = fields.TargetNull ? null : ReadStringArray(ref reader, "target", scratch, ref fields.TypeError);
        }
        else if (reader.ValueTextEquals("source_labels"u8))
        {
            reader.Read();
            fields.SourceLabels = reader.TokenType == JsonTokenType.Null
                ? null
                : ReadIntegerArray(ref reader, "source_labels", scratch, ref fields.TypeError);
        }
        else if (reader.ValueTextEquals("rouge_scores"u8))
        {
            reader.Read();
            fields.RougeScores = reader.TokenType == JsonTokenType.Null
                ? null
                : ReadNumberArray(ref reader, "rouge_scores", scratch, ref fields.TypeError);
        }
        else
        {
            // Unknown fields are allowed (the format may grow); their values only need to be valid JSON.
            reader.Read();
            reader.Skip();
        }
    }

    private static string[]? ReadStringArray(ref Utf8JsonReader reader, string field, Scratch scratch, ref string? typeError)
    {
        if (!StartArray(ref reader, field, "strings", ref typeError))
        {
            return null;
        }

        var items = scratch.Strings;
        items.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                typeError = $"field '{field}' must be an array of strings, found {Describe(reader.TokenType)} at item {items.Count}";
                SkipRestOfArray(ref reader);
                return null;
            }

            items.Add(reader.GetString()!);
        }

        var result = items.ToArray();
        items.Clear();
        return result;
    }

    private static int[]? ReadIntegerArray(ref Utf8JsonReader reader, string field, Scratch scratch, ref string? typeError)
    {
        if (!StartArray(ref reader, field, "integers", ref typeError))
        {
            return null;
        }

        var items = scratch.Integers;
        items.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value))
            {
                var found = reader.TokenType == JsonTokenType.Number
                    ? $"Number {RawNumber(ref reader)} (not a 32-bit integer)"
                    : Describe(reader.TokenType);
                typeError = $"field '{field}' must be an array of integers, found {found} at item {items.Count}";
                SkipRestOfArray(ref reader);
                return null;
            }

            items.Add(value);
        }

        var result = items.ToArray();
        items.Clear();
        return result;
    }

    private static double[]? ReadNumberArray(ref Utf8JsonReader reader, string field, Scratch scratch, ref string? typeError)
    {
        if (!StartArray(ref reader, field, "numbers", ref typeError))
        {
            return null;
        }

        var items = scratch.Numbers;
        items.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // TryGetDouble succeeds with infinity for literals like 1e400; a score must be a real number.
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                var found = reader.TokenType == JsonTokenType.Number
                    ? $"Number {RawNumber(ref reader)} (out of range)"
                    : Describe(reader.TokenType);
                typeError = $"field '{field}' must be an array of numbers, found {found} at item {items.Count}";
                SkipRestOfArray(ref reader);
                return null;
            }

            items.Add(value);
        }

        var result = items.ToArray();
        items.Clear();
        return result;
    }

    private static bool StartArray(ref Utf8JsonReader reader, string field, string itemKind, ref string? typeError)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return true;
        }

        typeError = $"field '{field}' must be an array of {itemKind}, found {Describe(reader.TokenType)}";
        reader.Skip();
        return false;
    }

    /// <summary>From an item inside an array, reads on to that array's closing bracket.</summary>
    private static void SkipRestOfArray(ref Utf8JsonReader reader)
    {
        var arrayDepth = reader.CurrentDepth - 1;
        while (reader.TokenType != JsonTokenType.EndArray || reader.CurrentDepth != arrayDepth)
        {
            if (!reader.Read())
            {
                throw new JsonException("unexpected end of data inside an array");
            }
        }
    }

    private static void ReadToEnd(ref Utf8JsonReader reader)
    {
        // With a single value allowed, the reader throws on anything but whitespace after it;
        // a further token would mean the structure above was misread.
        if (reader.Read())
        {
            throw new JsonException($"unexpected {Describe(reader.TokenType)} after the end of the value");
        }
    }

    private static string DescribeMissing(in Fields fields)
    {
        var problems = new List<string>(3);
        AddMissing(problems, "paper_id", fields.PaperId is null, fields.PaperIdNull);
        AddMissing(problems, "source", fields.Source is null, fields.SourceNull);
        AddMissing(problems, "target", fields.Target is null, fields.TargetNull);
        return string.Join("; ", problems);

        static void AddMissing(List<string> problems, string name, bool missing, bool wasNull)
        {
            if (missing)
            {
                problems.Add(wasNull ? $"required field '{name}' is null" : $"required field '{name}' is absent");
            }
        }
    }

    private static string Describe(JsonTokenType tokenType) => tokenType switch
    {
        JsonTokenType.StartObject => "Object",
        JsonTokenType.StartArray => "Array",
        JsonTokenType.True or JsonTokenType.False => "Boolean",
        _ => tokenType.ToString(),
    };

    private static string RawNumber(ref Utf8JsonReader reader)
    {
        const int MaxShown = 32;
        var raw = reader.ValueSpan;
        return raw.Length <= MaxShown
            ? Encoding.UTF8.GetString(raw)
            : Encoding.UTF8.GetString(raw[..MaxShown]) + "…";
    }

    private static string WithoutPosition(string message)
    {
        // The reader appends "LineNumber: 0 | BytePositionInLine: n."; the detail already says where.
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }

    private static int FirstInvalidUtf8Offset(ReadOnlySpan<byte> line)
    {
        var offset = 0;
        while (offset < line.Length)
        {
            if (Rune.DecodeFromUtf8(line[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    private struct Fields
    {
        public string? PaperId;
        public bool PaperIdNull;
        public string? Title;
        public string[]? Source;
        public bool SourceNull;
        public int[]? SourceLabels;
        public double[]? RougeScores;
        public string[]? Target;
        public bool TargetNull;
        public string? TypeError;
    }

    private sealed class Scratch
    {
        public List<string> Strings { get; } = new(16);

        public List<int> Integers { get; } = new(16);

        public List<double> Numbers { get; } = new(16);

        public void Clear()
        {
            Strings.Clear();
            Integers.Clear();
            Numbers.Clear();
        }
    }
}
