using System.Text;
using SciTldr.Domain.Records;

namespace SciTldr.Domain.Tests.Records;

public sealed class PaperRecordJsonTests
{
    [Fact]
    public void Writes_fields_in_the_source_files_order()
    {
        var record = new PaperRecord("p1", "T", ["a b"], [1], [0.5], ["t"]);

        var json = Encoding.UTF8.GetString(PaperRecordJson.ToUtf8Bytes(record));

        Assert.Equal("""{"source":["a b"],"source_labels":[1],"rouge_scores":[0.5],"paper_id":"p1","target":["t"],"title":"T"}""", json);
    }

    [Fact]
    public void Leaves_out_absent_optional_fields()
    {
        var record = new PaperRecord("p1", null, ["s"], null, null, ["t"]);

        var json = Encoding.UTF8.GetString(PaperRecordJson.ToUtf8Bytes(record));

        Assert.Equal("""{"source":["s"],"paper_id":"p1","target":["t"]}""", json);
    }

    [Fact]
    public void Keeps_non_ascii_text_readable_and_escapes_what_json_requires()
    {
        var record = new PaperRecord("p", null, ["café \"q\" \\ <b>"], null, null, ["line\nbreak"]);

        var json = Encoding.UTF8.GetString(PaperRecordJson.ToUtf8Bytes(record));

        Assert.Equal("""{"source":["café \"q\" \\ <b>"],"paper_id":"p","target":["line\nbreak"]}""", json);
    }

    [Fact]
    public void Written_record_validates_back_to_the_same_values()
    {
        var record = new PaperRecord("id-1", "Title — ü", ["First.", "  ", "Third 😀."], [0, 0, 1], [0.1, 0, 0.987654321], ["Author.", "Peer review."]);

        var back = RecordValidator.Validate(PaperRecordJson.ToUtf8Bytes(record));

        Assert.True(back.IsAccepted, back.ToString());
        Assert.Equal(record.PaperId, back.Record.PaperId);
        Assert.Equal(record.Title, back.Record.Title);
        Assert.Equal(record.Source, back.Record.Source);
        Assert.Equal(record.SourceLabels, back.Record.SourceLabels);
        Assert.Equal(record.RougeScores, back.Record.RougeScores);
        Assert.Equal(record.Target, back.Record.Target);
    }

    [Fact]
    public void Same_record_always_writes_the_same_bytes()
    {
        var record = new PaperRecord("p", "t", ["s"], [1], [0.3333333333333333], ["x"]);

        Assert.Equal(PaperRecordJson.ToUtf8Bytes(record), PaperRecordJson.ToUtf8Bytes(record with { }));
    }
}
