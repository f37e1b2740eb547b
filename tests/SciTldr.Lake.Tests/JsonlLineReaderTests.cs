using System.Text;
using static SciTldr.Lake.Tests.TestStreams;

namespace SciTldr.Lake.Tests;

public sealed class JsonlLineReaderTests
{
    private static readonly byte[] Sample = Utf8("{\"a\":1}\n{\"b\":\"ü\"}\n\n{\"c\":3}\n");

    private static List<ReadLine> Texts(params string[] lines) =>
        lines.Select((text, i) => new ReadLine(i + 1, text, Encoding.UTF8.GetByteCount(text), false)).ToList();

    [Fact]
    public async Task Plain_jsonl_yields_each_line_with_its_number()
    {
        var lines = await ReadAllAsync(Sample);

        Assert.Equal(Texts("{\"a\":1}", "{\"b\":\"ü\"}", "", "{\"c\":3}"), lines);
    }

    [Fact]
    public async Task Gzip_and_plain_inputs_with_the_same_content_give_the_same_lines()
    {
        var plain = await ReadAllAsync(Sample);
        var gzip = await ReadAllAsync(Gzip(Sample));

        Assert.Equal(plain, gzip);
    }

    [Fact]
    public async Task Gzip_is_detected_by_its_magic_bytes_not_by_a_name()
    {
        await using var plainReader = new JsonlLineReader(new MemoryStream(Sample));
        await using var gzipReader = new JsonlLineReader(new MemoryStream(Gzip(Sample)));

        Assert.True(await plainReader.ReadAsync());
        Assert.True(await gzipReader.ReadAsync());

        Assert.False(plainReader.IsGzip);
        Assert.True(gzipReader.IsGzip);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(gzipReader.Current.Bytes));
    }

    [Fact]
    public async Task A_byte_order_mark_at_the_start_is_dropped_but_not_one_inside()
    {
        var lines = await ReadAllAsync([0xEF, 0xBB, 0xBF, .. Utf8("{}\n"), 0xEF, 0xBB, 0xBF, .. Utf8("{}\n")]);

        Assert.Equal("{}", lines[0].Text);
        Assert.Equal("\uFEFF{}", lines[1].Text);
    }

    [Fact]
    public async Task A_byte_order_mark_inside_gzip_is_dropped_too()
    {
        var lines = await ReadAllAsync(Gzip([0xEF, 0xBB, 0xBF, .. Utf8("{}\n")]));

        Assert.Equal(Texts("{}"), lines);
    }

    [Fact]
    public async Task Crlf_line_ends_lose_their_carriage_return()
    {
        var lines = await ReadAllAsync(Utf8("{\"a\":1}\r\n\r\n{\"b\":2}\r\n"));

        Assert.Equal(Texts("{\"a\":1}", "", "{\"b\":2}"), lines);
    }

    [Fact]
    public async Task The_last_line_without_a_final_newline_is_still_yielded()
    {
        Assert.Equal(Texts("{\"a\":1}", "{\"b\":2}"), await ReadAllAsync(Utf8("{\"a\":1}\n{\"b\":2}")));
        Assert.Equal(Texts("{\"a\":1}", "{\"b\":2}"), await ReadAllAsync(Utf8("{\"a\":1}\n{\"b\":2}\r")));
    }

    [Fact]
    public async Task Empty_lines_are_yielded_as_empty_and_counted()
    {
        var lines = await ReadAllAsync(Utf8("\n\n{}\n\n"));

        Assert.Equal(Texts("", "", "{}", ""), lines);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    public async Task Empty_input_yields_no_lines(byte[] content)
    {
        Assert.Empty(await ReadAllAsync(content));
        Assert.Empty(await ReadAllAsync(Gzip(content)));
    }

    [Fact]
    public async Task An_oversize_line_is_skipped_with_its_length_and_the_following_lines_are_intact()
    {
        var content = Utf8("{\"a\":1}\n" + new string('x', 100) + "\n{\"b\":2}\n" + new string('y', 50) + "\r\n{\"c\":3}");

        var lines = await ReadAllAsync(content, maxLineBytes: 20);

        Assert.Equal(
            [
                new ReadLine(1, "{\"a\":1}", 7, false),
                new ReadLine(2, null, 100, true),
                new ReadLine(3, "{\"b\":2}", 7, false),
                new ReadLine(4, null, 50, true),
                new ReadLine(5, "{\"c\":3}", 7, false),
            ],
            lines);
    }

    [Fact]
    public async Task The_limit_counts_line_bytes_without_the_line_end()
    {
        var exactly = new string('x', 20);
        var oneOver = new string('y', 21);

        var lines = await ReadAllAsync(Utf8($"{exactly}\r\n{oneOver}\n{exactly}\n{oneOver}"), maxLineBytes: 20);

        Assert.Equal(
            [
                new ReadLine(1, exactly, 20, false),
                new ReadLine(2, null, 21, true),
                new ReadLine(3, exactly, 20, false),
                new ReadLine(4, null, 21, true),
            ],
            lines);
    }

    [Fact]
    public async Task An_oversize_last_line_without_a_newline_is_reported()
    {
        var lines = await ReadAllAsync(Utf8("{}\n" + new string('x', 1000)), maxLineBytes: 10);

        Assert.Equal([new ReadLine(1, "{}", 2, false), new ReadLine(2, null, 1000, true)], lines);
    }

    [Fact]
    public async Task One_byte_at_a_time_gives_the_same_lines_as_one_big_read()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            // ~300 KB: lines straddle the reader's 64 KiB buffers, and some are over the limit.
            builder.Append(i % 97 == 0 ? new string('z', 700) : $"{{\"id\":{i},\"text\":\"{new string('t', i % 150)}\"}}");
            builder.Append(i % 5 == 0 ? "\r\n" : "\n");
        }

        var content = Utf8(builder.ToString());
        var expected = await ReadAllAsync(content, maxLineBytes: 512);

        var slowPlain = await ReadAllAsync(new OneByteAtATimeStream(new MemoryStream(content)), maxLineBytes: 512);
        var slowGzip = await ReadAllAsync(new OneByteAtATimeStream(new MemoryStream(Gzip(content))), maxLineBytes: 512);

        Assert.Equal(3000, expected.Count);
        Assert.Equal(31, expected.Count(line => line.IsOversize));
        Assert.Equal(expected, slowPlain);
        Assert.Equal(expected, slowGzip);
    }

    [Fact]
    public async Task A_huge_line_is_skipped_without_being_buffered()
    {
        const long hugeLine = 64L * 1024 * 1024;
        await using var reader = new JsonlLineReader(new GeneratedLineStream(hugeLine, Utf8("\n{\"after\":true}\n")), maxLineBytes: 1024 * 1024);

        // The generator answers synchronously, so the whole read runs on this thread and its allocations show here.
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(await reader.ReadAsync());
        var oversize = (reader.Current.IsOversize, reader.Current.Length);
        Assert.True(await reader.ReadAsync());
        var after = Encoding.UTF8.GetString(reader.Current.Bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((true, hugeLine), oversize);
        Assert.Equal("{\"after\":true}", after);
        Assert.False(await reader.ReadAsync());
        Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated:N0} bytes to skip a {hugeLine:N0}-byte line");
    }

    [Fact]
    public async Task Reading_many_short_lines_allocates_nothing_per_line()
    {
        var content = Utf8(string.Concat(Enumerable.Repeat("{\"paper_id\":\"x\",\"n\":1}\n", 100_000)));
        await using var reader = new JsonlLineReader(new MemoryStream(content));
        Assert.True(await reader.ReadAsync());

        var before = GC.GetAllocatedBytesForCurrentThread();
        long bytes = 0;
        while (await reader.ReadAsync())
        {
            bytes += reader.Current.Bytes.Length;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(99_999L * 22, bytes);
        Assert.True(allocated < 100_000, $"allocated {allocated:N0} bytes for 100,000 lines");
    }

    [Fact]
    public async Task Lines_are_counted_and_the_reader_stops_at_the_end()
    {
        await using var reader = new JsonlLineReader(new MemoryStream(Sample));

        var count = await reader.ForEachAsync(_ => { });

        Assert.Equal(4, count);
        Assert.Equal(4, reader.LinesRead);
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Disposing_the_reader_disposes_the_source_unless_asked_to_leave_it_open()
    {
        var owned = new MemoryStream(Sample);
        var borrowed = new MemoryStream(Sample);

        await using (var reader = new JsonlLineReader(owned))
        {
            await reader.ReadAsync();
        }

        await using (var reader = new JsonlLineReader(borrowed, leaveOpen: true))
        {
            await reader.ReadAsync();
        }

        Assert.False(owned.CanRead);
        Assert.True(borrowed.CanRead);
    }
}
