using System.Text;
using System.Text.Json;
using static SciTldr.Lake.Tests.TestStreams;

namespace SciTldr.Lake.Tests;

public sealed class JsonlGzWriterTests
{
    private sealed record Paper(string PaperId, string Title, int Tldrs);

    private static readonly Paper[] Papers =
    [
        new("p1", "Attention is all you need", 2),
        new("p2", "Line one\nline two", 1),
        new("p3", "Ünïcödé — «quotes»", 3),
    ];

    private static async Task<byte[]> WriteAsync(Action<JsonlGzWriter> write, long memoryThreshold = JsonlGzWriter.DefaultMemoryThresholdBytes)
    {
        await using var writer = new JsonlGzWriter(memoryThreshold);
        write(writer);
        using var output = new MemoryStream();
        await writer.CompleteAsync(output);
        return output.ToArray();
    }

    [Fact]
    public async Task The_same_lines_give_identical_bytes_every_time()
    {
        static void Write(JsonlGzWriter writer)
        {
            foreach (var paper in Papers)
            {
                writer.WriteJson(paper);
            }

            writer.WriteLine(Utf8("{\"raw\":true}"));
        }

        var first = await WriteAsync(Write);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // a gzip timestamp, if any, would now differ
        var second = await WriteAsync(Write);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task The_gzip_header_carries_no_timestamp()
    {
        var bytes = await WriteAsync(writer => writer.WriteLine(Utf8("{}")));

        Assert.Equal(new byte[] { 0x1F, 0x8B, 0x08 }, bytes[..3]);
        Assert.Equal(0, bytes[3]); // no FNAME/FCOMMENT/FEXTRA: nothing run-specific in the header
        Assert.Equal(new byte[4], bytes[4..8]); // MTIME = 0
    }

    [Fact]
    public async Task Lines_read_back_through_the_reader_as_written_each_ended_by_a_newline()
    {
        var bytes = await WriteAsync(writer =>
        {
            foreach (var paper in Papers)
            {
                writer.WriteJson(paper);
            }

            writer.WriteLine(ReadOnlySpan<byte>.Empty);
            writer.WriteLine(Utf8("{\"raw\":true}"));
        });

        var lines = await ReadAllAsync(bytes);
        var decompressed = Encoding.UTF8.GetString(await DecompressAsync(bytes));

        Assert.Equal(5, lines.Count);
        Assert.Equal(Papers, lines.Take(3).Select(line => JsonSerializer.Deserialize<Paper>(line.Text!, S3Lake.DefaultJsonOptions)));
        Assert.Equal(string.Empty, lines[3].Text);
        Assert.Equal("{\"raw\":true}", lines[4].Text);
        Assert.EndsWith("{\"raw\":true}\n", decompressed, StringComparison.Ordinal);
        Assert.Equal(5, decompressed.Count(c => c == '\n'));
    }

    [Fact]
    public async Task Json_is_written_compact_even_when_the_options_ask_for_indentation()
    {
        var bytes = await WriteAsync(writer => writer.WriteJson(Papers[0], new JsonSerializerOptions { WriteIndented = true }));

        var lines = await ReadAllAsync(bytes);

        Assert.Equal("{\"PaperId\":\"p1\",\"Title\":\"Attention is all you need\",\"Tldrs\":2}", Assert.Single(lines).Text);
    }

    [Fact]
    public async Task Counts_report_lines_and_uncompressed_bytes()
    {
        await using var writer = new JsonlGzWriter();
        writer.WriteLine(Utf8("{}"));
        writer.WriteLine(Utf8("[1]"));

        Assert.Equal(2, writer.LineCount);
        Assert.Equal(7, writer.UncompressedBytes);
    }

    [Fact]
    public async Task A_line_containing_a_newline_is_refused_because_it_would_split_the_record()
    {
        await using var writer = new JsonlGzWriter();

        Assert.Throws<ArgumentException>(() => writer.WriteLine(Utf8("{\"a\":\n1}")));
        Assert.Throws<ArgumentException>(() => writer.WriteLine(Utf8("{}\r")));
        Assert.Equal(0, writer.LineCount);
    }

    [Fact]
    public async Task A_document_that_fails_to_serialize_leaves_no_partial_line()
    {
        var bytes = await WriteAsync(writer =>
        {
            writer.WriteJson(Papers[0]);
            Assert.ThrowsAny<NotSupportedException>(() => writer.WriteJson(new { Bad = (object)typeof(string) }));
            writer.WriteJson(Papers[1]);
        });

        var lines = await ReadAllAsync(bytes);

        Assert.Equal(2, lines.Count);
        Assert.All(lines, line => JsonDocument.Parse(line.Text!).Dispose());
    }

    [Fact]
    public async Task Output_beyond_the_memory_threshold_goes_to_a_temporary_file_that_is_deleted_afterwards()
    {
        var lines = Enumerable.Range(0, 20_000).Select(i => $"{{\"id\":{i},\"v\":\"{Guid.NewGuid():N}\"}}").ToArray();

        var inMemory = await WriteAsync(writer => Array.ForEach(lines, line => writer.WriteLine(Utf8(line))));

        await using var spilling = new JsonlGzWriter(memoryThresholdBytes: 4096);
        Array.ForEach(lines, line => spilling.WriteLine(Utf8(line)));
        Assert.True(spilling.SpilledToDisk);
        var spoolFile = spilling.SpoolFilePath!;
        Assert.True(File.Exists(spoolFile));
        using var output = new MemoryStream();
        var size = await spilling.CompleteAsync(output);

        Assert.False(File.Exists(spoolFile));
        Assert.Equal(output.Length, size);
        Assert.Equal(inMemory, output.ToArray());
        Assert.Equal(lines, (await ReadAllAsync(output.ToArray())).Select(line => line.Text));
    }

    [Fact]
    public async Task A_completed_writer_cannot_be_written_to()
    {
        var writer = new JsonlGzWriter();
        writer.WriteLine(Utf8("{}"));
        await writer.CompleteAsync(Stream.Null);

        Assert.ThrowsAny<InvalidOperationException>(() => writer.WriteLine(Utf8("{}")));
    }

    private static async Task<byte[]> DecompressAsync(byte[] gzip)
    {
        await using var input = new System.IO.Compression.GZipStream(new MemoryStream(gzip), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        await input.CopyToAsync(output);
        return output.ToArray();
    }
}
