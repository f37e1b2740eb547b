using System.Text;
using SciTldr.Domain.Records;
using static SciTldr.Domain.Tests.TestRecords;

namespace SciTldr.Domain.Tests.Records;

public sealed class RecordValidatorTests
{
    private const string Valid =
        """{"source": ["First sentence.", "Second one."], "source_labels": [0, 1], "rouge_scores": [0.25, 0.5], "paper_id": "abc123", "target": ["Author tldr.", "Reviewer tldr."], "title": "A Paper"}""";

    [Fact]
    public void Complete_record_is_accepted_with_every_field()
    {
        var result = Validate(Valid);

        Assert.True(result.IsAccepted, result.ToString());
        var record = result.Record;
        Assert.Equal("abc123", record.PaperId);
        Assert.Equal("A Paper", record.Title);
        Assert.Equal(["First sentence.", "Second one."], record.Source);
        Assert.Equal([0, 1], record.SourceLabels!);
        Assert.Equal([0.25, 0.5], record.RougeScores!);
        Assert.Equal(["Author tldr.", "Reviewer tldr."], record.Target);
    }

    [Fact]
    public void Record_with_only_required_fields_is_accepted_with_optional_fields_absent()
    {
        var result = Validate("""{"paper_id": "p", "source": [], "target": []}""");

        Assert.True(result.IsAccepted, result.ToString());
        Assert.Null(result.Record.Title);
        Assert.Null(result.Record.SourceLabels);
        Assert.Null(result.Record.RougeScores);
        Assert.Empty(result.Record.Source);
        Assert.Empty(result.Record.Target);
    }

    [Fact]
    public void Null_optional_fields_count_as_absent()
    {
        var result = Validate("""{"paper_id": "p", "source": ["s"], "target": ["t"], "title": null, "source_labels": null, "rouge_scores": null}""");

        Assert.True(result.IsAccepted, result.ToString());
        Assert.Null(result.Record.Title);
        Assert.Null(result.Record.SourceLabels);
        Assert.Null(result.Record.RougeScores);
    }

    [Fact]
    public void Unknown_extra_fields_of_any_shape_are_accepted_and_ignored()
    {
        var result = Validate(
            """{"venue": "ICLR", "extra": {"nested": [1, {"deep": [true, null]}]}, "paper_id": "p", "source": ["s"], "target": ["t"], "n": 3.5}""");

        Assert.True(result.IsAccepted, result.ToString());
        Assert.Equal("p", result.Record.PaperId);
    }

    [Fact]
    public void Unicode_escapes_are_decoded_in_values_and_field_names()
    {
        var result = Validate("""{"paper\u005fid": "\u00e9t\u00e9", "source": ["caf\u00e9 \ud83d\ude00"], "target": ["tab\there \"quoted\""]}""");

        Assert.True(result.IsAccepted, result.ToString());
        Assert.Equal("été", result.Record.PaperId);
        Assert.Equal("café 😀", result.Record.Source[0]);
        Assert.Equal("tab\there \"quoted\"", result.Record.Target[0]);
    }

    [Fact]
    public void Raw_non_ascii_utf8_text_is_accepted()
    {
        var result = Validate("""{"paper_id": "ü", "source": ["naïve — 数据"], "target": ["ok"]}""");

        Assert.True(result.IsAccepted, result.ToString());
        Assert.Equal("naïve — 数据", result.Record.Source[0]);
    }

    [Fact]
    public void Leading_byte_order_mark_is_skipped()
    {
        byte[] line = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Valid)];

        Assert.True(RecordValidator.Validate(line).IsAccepted);
    }

    [Fact]
    public void Trailing_carriage_return_from_crlf_files_is_tolerated()
    {
        Assert.True(Validate(Valid + "\r").IsAccepted);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t  \t")]
    [InlineData("\r")]
    [InlineData(" \v\f ")]
    public void Whitespace_only_line_is_blank(string line)
    {
        var result = Validate(line);

        Assert.True(result.IsBlank);
        Assert.Null(result.ReasonCode);
    }

    [Fact]
    public void Byte_order_mark_alone_is_blank()
    {
        Assert.True(RecordValidator.Validate([0xEF, 0xBB, 0xBF]).IsBlank);
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0xFF, 0x7D }, 1)] // 0xFF never occurs in UTF-8
    [InlineData(new byte[] { 0x22, 0x80, 0x22 }, 1)] // a continuation byte with no lead byte
    [InlineData(new byte[] { 0x22, 0xC0, 0xAF, 0x22 }, 1)] // overlong encoding of '/'
    [InlineData(new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 }, 1)] // a UTF-16 surrogate encoded as UTF-8
    [InlineData(new byte[] { 0x7B, 0x7D, 0xE2, 0x82 }, 2)] // a multi-byte sequence cut off at the end
    public void Bytes_that_are_not_utf8_are_rejected_as_invalid_utf8(byte[] line, int badOffset)
    {
        var result = RecordValidator.Validate(line);

        Assert.True(result.IsRejected);
        Assert.Equal(ReasonCodes.InvalidUtf8, result.ReasonCode);
        Assert.Contains($"offset {badOffset}", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Latin1_encoded_record_is_rejected_as_invalid_utf8_not_as_json()
    {
        var line = Encoding.Latin1.GetBytes("""{"paper_id": "café", "source": ["s"], "target": ["t"]}""");

        Assert.Equal(ReasonCodes.InvalidUtf8, RecordValidator.Validate(line).ReasonCode);
    }

    [Theory]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"]""")] // unterminated object
    [InlineData("""{"paper_id": "p", "source": ["s", "target": ["t"]}""")] // unterminated array
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "rouge_scores": [NaN]}""")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "rouge_scores": [Infinity]}""")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "rouge_scores": [-Infinity]}""")]
    [InlineData("""{'paper_id': 'p', 'source': ['s'], 'target': ['t']}""")]
    [InlineData("""{"paper_id": 'p', "source": ["s"], "target": ["t"]}""")]
    [InlineData("""{paper_id: "p", "source": ["s"], "target": ["t"]}""")]
    [InlineData("""/* comment */ {"paper_id": "p", "source": ["s"], "target": ["t"]}""")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"]} // comment""")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"],}""")] // trailing comma in object
    [InlineData("""{"paper_id": "p", "source": ["s",], "target": ["t"]}""")] // trailing comma in array
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"]} x""")] // trailing garbage
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"]}{}""")] // two values on one line
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"]}]""")]
    [InlineData("{\"paper_id\": \"p\", \"source\": [\"line\tbreak\"], \"target\": [\"t\"]}")] // raw control character in a string
    [InlineData("""{"paper_id": "\ud800", "source": ["s"], "target": ["t"]}""")] // unpaired surrogate escape
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "n": 01}""")] // leading zero
    [InlineData("""[1, 2""")] // broken JSON that is also not an object: malformed wins
    [InlineData("""nul""")]
    public void Text_that_is_not_standard_json_is_rejected_as_malformed(string line)
    {
        var result = Validate(line);

        Assert.True(result.IsRejected, result.ToString());
        Assert.Equal(ReasonCodes.MalformedJson, result.ReasonCode);
        Assert.StartsWith("not valid JSON", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_detail_says_where_and_what()
    {
        var result = Validate("""{"rouge_scores": [NaN]}""");

        Assert.Equal("not valid JSON at byte 18: 'N' is an invalid start of a value.", result.Detail);
    }

    [Fact]
    public void Nesting_of_exactly_64_levels_is_accepted()
    {
        Assert.True(Validate(WithNesting(64)).IsAccepted);
    }

    [Fact]
    public void Nesting_of_65_levels_is_rejected_as_malformed()
    {
        var result = Validate(WithNesting(65));

        Assert.Equal(ReasonCodes.MalformedJson, result.ReasonCode);
        Assert.Contains("depth of 64", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "Array")]
    [InlineData("""[{"paper_id": "p", "source": ["s"], "target": ["t"]}]""", "Array")]
    [InlineData("\"x\"", "String")]
    [InlineData("42", "Number")]
    [InlineData("true", "Boolean")]
    [InlineData("null", "Null")]
    public void Valid_json_that_is_not_an_object_is_rejected_as_not_an_object(string line, string found)
    {
        var result = Validate(line);

        Assert.Equal(ReasonCodes.NotAnObject, result.ReasonCode);
        Assert.Equal($"the line is a JSON {found}, not an object", result.Detail);
    }

    [Theory]
    [InlineData("""{"source": ["s"], "target": ["t"]}""", "required field 'paper_id' is absent")]
    [InlineData("""{"paper_id": null, "source": ["s"], "target": ["t"]}""", "required field 'paper_id' is null")]
    [InlineData("""{"paper_id": "p", "target": ["t"]}""", "required field 'source' is absent")]
    [InlineData("""{"paper_id": "p", "source": null, "target": ["t"]}""", "required field 'source' is null")]
    [InlineData("""{"paper_id": "p", "source": ["s"]}""", "required field 'target' is absent")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": null}""", "required field 'target' is null")]
    [InlineData("{}", "required field 'paper_id' is absent; required field 'source' is absent; required field 'target' is absent")]
    public void Absent_or_null_required_field_is_rejected_as_missing_field(string line, string detail)
    {
        var result = Validate(line);

        Assert.Equal(ReasonCodes.MissingField, result.ReasonCode);
        Assert.Equal(detail, result.Detail);
    }

    [Theory]
    [InlineData("""{"paper_id": 5, "source": ["s"], "target": ["t"]}""", "field 'paper_id' must be a string, found Number")]
    [InlineData("""{"paper_id": ["p"], "source": ["s"], "target": ["t"]}""", "field 'paper_id' must be a string, found Array")]
    [InlineData("""{"paper_id": "p", "source": "one sentence", "target": ["t"]}""", "field 'source' must be an array of strings, found String")]
    [InlineData("""{"paper_id": "p", "source": {"0": "s"}, "target": ["t"]}""", "field 'source' must be an array of strings, found Object")]
    [InlineData("""{"paper_id": "p", "source": ["a", "b", 3], "target": ["t"]}""", "field 'source' must be an array of strings, found Number at item 2")]
    [InlineData("""{"paper_id": "p", "source": ["a", ["nested"]], "target": ["t"]}""", "field 'source' must be an array of strings, found Array at item 1")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": "t"}""", "field 'target' must be an array of strings, found String")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": [null]}""", "field 'target' must be an array of strings, found Null at item 0")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "title": 7}""", "field 'title' must be a string or null, found Number")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "title": ["T"]}""", "field 'title' must be a string or null, found Array")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "source_labels": ["1"]}""", "field 'source_labels' must be an array of integers, found String at item 0")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "source_labels": [0, 0.5]}""", "field 'source_labels' must be an array of integers, found Number 0.5 (not a 32-bit integer) at item 1")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "source_labels": [3000000000]}""", "field 'source_labels' must be an array of integers, found Number 3000000000 (not a 32-bit integer) at item 0")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "source_labels": [true]}""", "field 'source_labels' must be an array of integers, found Boolean at item 0")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "source_labels": 1}""", "field 'source_labels' must be an array of integers, found Number")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "rouge_scores": ["0.5"]}""", "field 'rouge_scores' must be an array of numbers, found String at item 0")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "rouge_scores": [0.1, 1e400]}""", "field 'rouge_scores' must be an array of numbers, found Number 1e400 (out of range) at item 1")]
    [InlineData("""{"paper_id": "p", "source": ["s"], "target": ["t"], "rouge_scores": {"a": 1}}""", "field 'rouge_scores' must be an array of numbers, found Object")]
    public void Known_field_with_wrong_json_type_is_rejected_as_wrong_type(string line, string detail)
    {
        var result = Validate(line);

        Assert.Equal(ReasonCodes.WrongType, result.ReasonCode);
        Assert.Equal(detail, result.Detail);
    }

    [Fact]
    public void Wrong_type_is_reported_before_missing_fields()
    {
        Assert.Equal(ReasonCodes.WrongType, Validate("""{"paper_id": 5}""").ReasonCode);
    }

    [Fact]
    public void Malformed_rest_of_line_is_reported_before_wrong_type()
    {
        Assert.Equal(ReasonCodes.MalformedJson, Validate("""{"paper_id": 5, "source": ["s"], "target": [}""").ReasonCode);
        Assert.Equal(ReasonCodes.MalformedJson, Validate("""{"source": ["a", 1, ]], "paper_id": "p", "target": ["t"]}""").ReasonCode);
    }

    [Fact]
    public void Rejected_array_midway_does_not_leak_items_into_the_next_record()
    {
        var rejected = Validate("""{"paper_id": "p", "source": ["stale 1", "stale 2", 3], "target": ["t"]}""");
        var accepted = Validate("""{"paper_id": "q", "source": ["fresh"], "target": ["t"]}""");

        Assert.Equal(ReasonCodes.WrongType, rejected.ReasonCode);
        Assert.Equal(["fresh"], accepted.Record!.Source);
    }

    [Fact]
    public void Integer_labels_accept_negative_zero_and_exponent_free_integers_only()
    {
        var result = Validate("""{"paper_id": "p", "source": ["a", "b", "c"], "target": ["t"], "source_labels": [0, -0, 1]}""");

        Assert.Equal([0, 0, 1], result.Record!.SourceLabels!);
    }

    [Fact]
    public void Too_large_helper_names_the_sizes()
    {
        var result = RecordValidator.RecordTooLarge(2_000_000, RecordValidator.DefaultMaxRecordBytes);

        Assert.Equal(ReasonCodes.RecordTooLarge, result.ReasonCode);
        Assert.Equal("the line is 2000000 bytes long, more than the limit of 1048576 bytes", result.Detail);
    }

    [Fact]
    public void Reason_codes_are_the_interface_spellings()
    {
        Assert.Equal(
            ["invalid_utf8", "record_too_large", "malformed_json", "not_an_object", "missing_field", "wrong_type", "duplicate_paper_id"],
            ReasonCodes.All);
    }

    private static string WithNesting(int depth)
    {
        // The record object itself is one level; the extra field's arrays make up the rest.
        var arrays = depth - 1;
        return $$"""{"paper_id": "p", "source": ["s"], "target": ["t"], "extra": {{new string('[', arrays)}}{{new string(']', arrays)}}}""";
    }
}
