using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SciTldr.Domain.Records;

/// <summary>
/// Writes a <see cref="PaperRecord"/> as one canonical JSON line, in the field order of the SciTLDR files.
/// </summary>
/// <remarks>
/// Bronze normally keeps the original line bytes; canonical writing exists for synthetic data and tests,
/// where the same record must always produce the same bytes.
/// </remarks>
public static class PaperRecordJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // A data file, never embedded in HTML: keep non-ASCII text readable instead of \u-escaping it.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>The record as UTF-8 JSON, without a trailing newline.</summary>
    public static byte[] ToUtf8Bytes(PaperRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, record);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes the record as one object: source, source_labels, rouge_scores, paper_id, target, title.
    /// Absent optional fields are left out rather than written as null.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, PaperRecord record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);

        writer.WriteStartObject();
        WriteStrings(writer, "source"u8, record.Source);
        if (record.SourceLabels is { } labels)
        {
            writer.WriteStartArray("source_labels"u8);
            foreach (var label in labels)
            {
                writer.WriteNumberValue(label);
            }

            writer.WriteEndArray();
        }

        if (record.RougeScores is { } scores)
        {
            writer.WriteStartArray("rouge_scores"u8);
            foreach (var score in scores)
            {
                writer.WriteNumberValue(score);
            }

            writer.WriteEndArray();
        }

        writer.WriteString("paper_id"u8, record.PaperId);
        WriteStrings(writer, "target"u8, record.Target);
        if (record.Title is { } title)
        {
            writer.WriteString("title"u8, title);
        }

        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string[] values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
