using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using SciTldr.Testing.Corpus;
using static SciTldr.Lake.Tests.TestStreams;

namespace SciTldr.Lake.Tests.Jsonl;

/// <summary>
/// A gzip input that is cut short or damaged must fail the read, never pass for a shorter file. .NET 10's GZipStream
/// ends silently on truncation anywhere and ignores what follows the last member (see StrictGzipStream); these
/// tests pin the reader's own checks, and that valid gzip in all its forms still reads whole.
/// </summary>
public sealed class CorruptGzipTests
{
    private static readonly string[] SampleLines = Enumerable.Range(0, 400)
        .Select(i => $"{{\"paper_id\":\"p{i:D4}\",\"source\":[\"sentence {i * 7919 % 1000} about {new string('w', i % 37)}\"],\"target\":[\"tldr {i}\"]}}")
        .ToArray();

    private static readonly byte[] Sample = Utf8(string.Join('\n', SampleLines) + "\n");

    private static readonly byte[] SampleGzip = Gzip(Sample);

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(-8)]
    [InlineData(-5)]
    [InlineData(-1)]
    public async Task A_gzip_stream_cut_in_its_header_or_trailer_throws(int cut)
    {
        var length = cut > 0 ? cut : SampleGzip.Length + cut;

        var error = await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync(SampleGzip[..length]));

        Assert.Equal($"the gzip stream is truncated after {length} compressed bytes (in member 1)", error.Message);
    }

    [Fact]
    public async Task A_gzip_stream_cut_at_any_offset_throws_and_yields_only_intact_lines_before()
    {
        var failures = new List<string>();
        for (var length = 2; length < SampleGzip.Length; length++)
        {
            var lines = new List<string>();
            try
            {
                await using var reader = new JsonlLineReader(new MemoryStream(SampleGzip[..length]));
                await reader.ForEachAsync(line => lines.Add(Encoding.UTF8.GetString(line.Bytes)));
                failures.Add($"cut at {length}: no error after {lines.Count} lines");
            }
            catch (CorruptInputException e) when (e.Message.Contains($"truncated after {length} compressed bytes", StringComparison.Ordinal))
            {
                if (!lines.SequenceEqual(SampleLines.Take(lines.Count)))
                {
                    failures.Add($"cut at {length}: a line read before the error differs from the original");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(7u)]
    [InlineData(42u)]
    public async Task Truncation_is_detected_whatever_the_read_sizes(uint seed)
    {
        foreach (var length in new[] { 3, 10, SampleGzip.Length / 3, SampleGzip.Length / 2, SampleGzip.Length - 8, SampleGzip.Length - 1 })
        {
            var error = await Assert.ThrowsAsync<CorruptInputException>(
                () => ReadAllAsync(new TinyReadStream(new MemoryStream(SampleGzip[..length]), seed)));

            Assert.Contains($"truncated after {length} compressed bytes", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(await ReadAllAsync(Sample), await ReadAllAsync(new TinyReadStream(new MemoryStream(SampleGzip), seed)));
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.75)]
    public async Task Flipped_bytes_in_the_deflate_data_throw(double where)
    {
        var damaged = (byte[])SampleGzip.Clone();
        var at = (int)(damaged.Length * where);
        for (var i = at; i < at + 4; i++)
        {
            damaged[i] ^= 0xA5;
        }

        var error = await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync(damaged));

        // Depending on the bits, the inflater rejects the data, or it decodes to other bytes and the CRC-32 catches them,
        // or the damaged block structure runs past the end of the data, which is indistinguishable from a truncation.
        Assert.Matches("^(corrupt gzip data: |the gzip stream is truncated after )", error.Message);
    }

    [Fact]
    public async Task Invalid_deflate_data_is_reported_with_the_original_error_inside()
    {
        // A deflate block header with the reserved block type 11 cannot be decoded at all.
        byte[] damaged = [.. SampleGzip[..10], 0x07, .. SampleGzip[11..]];

        var error = await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync(damaged));

        Assert.StartsWith("corrupt gzip data: invalid deflate data in member 1 between compressed bytes ", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidDataException>(error.InnerException);
    }

    [Fact]
    public async Task A_crc_mismatch_throws()
    {
        var damaged = (byte[])SampleGzip.Clone();
        damaged[^8] ^= 0x01;

        var error = await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync(damaged));

        Assert.StartsWith("corrupt gzip data: CRC-32 mismatch in member 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_length_mismatch_throws()
    {
        var damaged = (byte[])SampleGzip.Clone();
        damaged[^4] ^= 0x01;

        var error = await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync(damaged));

        Assert.StartsWith("corrupt gzip data: length mismatch in member 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concatenated_members_are_read_whole_even_when_a_line_spans_two()
    {
        var first = Utf8("{\"a\":1}\n{\"b\":");
        var second = Utf8("2}\n{\"c\":3}\n");

        var lines = await ReadAllAsync([.. Gzip(first), .. Gzip(second), .. Gzip(Sample)]);

        string?[] expected = ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}", .. SampleLines];
        Assert.Equal(expected, lines.Select(line => line.Text).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Many_small_members_with_empty_ones_read_like_the_plain_file(bool tinyReads)
    {
        // Like bgzip: a member per block, and an empty member at the end as an end-of-file marker.
        var members = new List<byte>();
        for (var offset = 0; offset < Sample.Length; offset += 777)
        {
            members.AddRange(Gzip(Sample[offset..Math.Min(offset + 777, Sample.Length)]));
            if (offset % 7 == 0)
            {
                members.AddRange(EmptyMember);
            }
        }

        members.AddRange(EmptyMember);
        Stream input = new MemoryStream([.. members]);
        if (tinyReads)
        {
            input = new TinyReadStream(input, seed: 3);
        }

        Assert.Equal(await ReadAllAsync(Sample), await ReadAllAsync(input));
    }

    [Fact]
    public async Task Empty_members_beside_stored_zero_bytes_are_not_mistaken_for_trailers()
    {
        // An empty member's trailer is eight zero bytes; uncompressed (stored) data full of zeros must not pass for one.
        var content = Utf8("{\"a\":1}\n" + new string('\0', 40) + "\n{\"b\":2}\n");
        byte[] input = [.. EmptyMember, .. EmptyMember, .. GzipWithLevel(content, CompressionLevel.NoCompression), .. EmptyMember, 0, 0, 0];

        Assert.Equal(await ReadAllAsync(content), await ReadAllAsync(input));
        Assert.Equal(await ReadAllAsync(content), await ReadAllAsync(new TinyReadStream(new MemoryStream(input), seed: 9)));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(400)]
    public async Task Damage_across_the_boundary_of_identical_members_throws(int lines)
    {
        // The damaged trailer must not be taken for the identical trailer of the next member but one.
        var member = Gzip(Utf8(string.Join('\n', SampleLines.Take(lines)) + "\n"));
        byte[] input = [.. member, .. member, .. member];
        for (var i = member.Length - 3; i < member.Length + 2; i++)
        {
            input[i] ^= 0x5A;
        }

        var error = await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync(input));

        Assert.StartsWith("corrupt gzip data: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(16)]
    [InlineData(19)]
    public async Task A_damaged_trailer_of_an_empty_member_throws(int index)
    {
        // An empty member's trailer is eight zero bytes, like the padding and the empty member after it.
        var damaged = EmptyMember;
        damaged[index] = 0x01;

        await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync([.. damaged, .. EmptyMember, 0, 0, 0, 0, 0, 0, 0, 0]));
        await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync([.. EmptyMember, .. damaged, .. SampleGzip]));
    }

    [Fact]
    public async Task An_empty_member_missing_its_last_byte_throws()
    {
        var error = await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync([.. SampleGzip, .. EmptyMember[..^1]]));

        Assert.Equal($"the gzip stream is truncated after {SampleGzip.Length + 19} compressed bytes (in member 2)", error.Message);
    }

    [Fact]
    public async Task A_truncated_second_member_throws()
    {
        byte[] input = [.. Gzip(Utf8("{\"a\":1}\n")), .. SampleGzip[..(SampleGzip.Length / 2)]];

        var error = await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync(input));

        Assert.Equal($"the gzip stream is truncated after {input.Length} compressed bytes (in member 2)", error.Message);
    }

    [Fact]
    public async Task A_second_member_with_a_damaged_header_throws_instead_of_ending_the_file()
    {
        var second = (byte[])SampleGzip.Clone();
        second[1] = 0x8C;
        byte[] input = [.. Gzip(Utf8("{\"a\":1}\n")), .. second];

        var error = await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync(input));

        Assert.StartsWith("corrupt gzip data: the bytes after member 1, from compressed byte ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_after_the_last_member_throws()
    {
        var error = await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync([.. SampleGzip, .. Utf8("{\"more\":1}\n")]));

        Assert.Contains("are not another gzip member", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zero_padding_after_the_last_member_is_ignored_but_not_data_after_it()
    {
        Assert.Equal(await ReadAllAsync(Sample), await ReadAllAsync([.. SampleGzip, .. new byte[100]]));

        var error = await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync([.. SampleGzip, 0, 0, .. SampleGzip]));
        Assert.Contains("are followed by other data", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x04, false)]
    [InlineData(0x08, false)]
    [InlineData(0x10, false)]
    [InlineData(0x1C, false)]
    [InlineData(0x1E, true)]
    public async Task Optional_header_fields_are_skipped(byte flags, bool headerCrc)
    {
        var gzip = WithHeaderFields(SampleGzip, flags, headerCrc);

        // Checked against .NET's own decoder, so the hand-built header is known to be valid gzip.
        Assert.Equal(Sample, DecompressWithGZipStream(gzip));
        Assert.Equal(await ReadAllAsync(Sample), await ReadAllAsync(gzip));
        Assert.Equal(await ReadAllAsync(Sample), await ReadAllAsync(new TinyReadStream(new MemoryStream(gzip), seed: 5)));
    }

    [Fact]
    public async Task A_header_crc_mismatch_throws()
    {
        var gzip = WithHeaderFields(SampleGzip, 0x0A, headerCrc: true);
        var nameEnd = Array.IndexOf(gzip, (byte)0, 10);
        gzip[nameEnd + 1] ^= 0xFF;

        var error = await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync(gzip));

        Assert.StartsWith("corrupt gzip data: header CRC mismatch", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 0x07, "unknown compression method 7")]
    [InlineData(3, 0x20, "reserved flag bits set")]
    public async Task An_invalid_first_header_throws(int index, byte value, string problem)
    {
        var damaged = (byte[])SampleGzip.Clone();
        damaged[index] = value;

        var error = await Assert.ThrowsAsync<CorruptInputException>(() => ReadAllAsync(damaged));

        Assert.StartsWith($"corrupt gzip data: {problem}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_file_and_an_empty_gzip_member_have_no_lines()
    {
        Assert.Empty(await ReadAllAsync([]));
        Assert.Empty(await ReadAllAsync(EmptyMember));
    }

    [Fact]
    public void The_synchronous_read_path_checks_the_same_way()
    {
        using (var whole = new StrictGzipStream(new MemoryStream([.. SampleGzip, .. SampleGzip])))
        using (var output = new MemoryStream())
        {
            whole.CopyTo(output);
            Assert.Equal([.. Sample, .. Sample], output.ToArray());
        }

        using var truncated = new StrictGzipStream(new MemoryStream(SampleGzip[..^3]));
        var error = Assert.Throws<CorruptInputException>(() => truncated.CopyTo(Stream.Null));
        Assert.Equal($"the gzip stream is truncated after {SampleGzip.Length - 3} compressed bytes (in member 1)", error.Message);
    }

    private static byte[] GzipWithLevel(byte[] content, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>What `gzip &lt; /dev/null` writes: .NET's GZipStream writes nothing at all for empty content.</summary>
    private static byte[] EmptyMember => [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

    private static byte[] DecompressWithGZipStream(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Rebuilds the header of a member that has none of the optional fields, adding those in <paramref name="flags"/>.</summary>
    private static byte[] WithHeaderFields(byte[] gzip, byte flags, bool headerCrc)
    {
        Assert.Equal(0, gzip[3]);
        var header = new List<byte>(gzip[..10]) { [3] = (byte)(flags | (headerCrc ? 0x02 : 0)) };
        if ((flags & 0x04) != 0)
        {
            var extra = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
            header.AddRange(BitConverter.GetBytes((ushort)extra.Length));
            header.AddRange(extra);
        }

        if ((flags & 0x08) != 0)
        {
            header.AddRange([.. Utf8("dev-split.jsonl"), 0]);
        }

        if ((flags & 0x10) != 0)
        {
            header.AddRange([.. Utf8(new string('c', 5000)), 0]);
        }

        if (headerCrc)
        {
            var crc = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(crc, (ushort)Crc32.HashToUInt32([.. header]));
            header.AddRange(crc);
        }

        return [.. header, .. gzip[10..]];
    }
}
