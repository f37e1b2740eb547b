using Microsoft.Extensions.Options;
using SciTldr.Testing;

namespace SciTldr.Lake.Tests;

/// <summary>What ingestion needs to know of source objects (ETag, size, listing, server-side copy) and where bookmarks live.</summary>
public sealed class LakeObjectsTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Head_list_and_copy_report_each_object_version()
    {
        var lake = new S3Lake(
            fixture.Emulator.CreateS3Client(),
            Options.Create(new LakeOptions { Bucket = EmulatorFixture.UniqueName("objects"), CreateBucketIfMissing = true }));
        await lake.EnsureBucketAsync();
        await lake.PutBytesAsync("landing/x/b.jsonl", "{\"a\":1}\n"u8.ToArray());
        await lake.PutBytesAsync("landing/x/a.jsonl", "{\"a\":2}\n{\"a\":3}\n"u8.ToArray());

        var head = await lake.HeadAsync("landing/x/a.jsonl");
        var listed = new List<LakeObject>();
        await foreach (var item in lake.ListObjectsAsync("landing/x/"))
        {
            listed.Add(item);
        }

        Assert.NotNull(head);
        Assert.Equal(16, head.Size);
        Assert.False(string.IsNullOrEmpty(head.ETag));
        Assert.DoesNotContain('"', head.ETag);
        Assert.Equal(["landing/x/a.jsonl", "landing/x/b.jsonl"], listed.Select(o => o.Key));
        Assert.Equal(head.ETag, listed[0].ETag);
        Assert.Null(await lake.HeadAsync("landing/x/missing.jsonl"));

        await lake.PutBytesAsync("landing/x/a.jsonl", "{\"a\":4}\n"u8.ToArray());
        Assert.NotEqual(head.ETag, (await lake.HeadAsync("landing/x/a.jsonl"))!.ETag);

        await lake.CopyAsync("landing/x/b.jsonl", "bronze/run_id=r/split=dev/part-00000.jsonl.gz");
        Assert.Equal("{\"a\":1}\n"u8.ToArray(), await lake.GetBytesAsync("bronze/run_id=r/split=dev/part-00000.jsonl.gz"));
    }

    [Fact]
    public async Task Objects_read_one_after_another_into_one_buffer_each_come_back_whole()
    {
        var lake = new S3Lake(
            fixture.Emulator.CreateS3Client(),
            Options.Create(new LakeOptions { Bucket = EmulatorFixture.UniqueName("readinto"), CreateBucketIfMissing = true }));
        await lake.EnsureBucketAsync();
        var large = new byte[300_000];
        new Random(3).NextBytes(large);
        await lake.PutBytesAsync("silver/papers/run_id=r/split=dev/part-00000.parquet", large);
        await lake.PutBytesAsync("silver/papers/run_id=r/split=dev/part-00001.parquet", "small"u8.ToArray());
        using var buffer = new MemoryStream();

        await lake.ReadIntoAsync("silver/papers/run_id=r/split=dev/part-00000.parquet", buffer);
        Assert.Equal(0, buffer.Position);
        Assert.Equal(large, buffer.ToArray());
        await lake.ReadIntoAsync("silver/papers/run_id=r/split=dev/part-00001.parquet", buffer);
        Assert.Equal(0, buffer.Position);
        Assert.Equal("small"u8.ToArray(), buffer.ToArray());
        await Assert.ThrowsAnyAsync<Amazon.S3.AmazonS3Exception>(() => lake.ReadIntoAsync("silver/papers/run_id=r/split=dev/part-00002.parquet", buffer));
    }

    [Fact]
    public async Task Files_and_streams_larger_than_a_part_are_uploaded_in_parts_and_read_back_whole()
    {
        var lake = new S3Lake(
            fixture.Emulator.CreateS3Client(),
            Options.Create(new LakeOptions { Bucket = EmulatorFixture.UniqueName("multipart"), CreateBucketIfMissing = true, MultipartPartBytes = 5 * 1024 * 1024 }));
        await lake.EnsureBucketAsync();
        // 23 MiB: over the emulator's 11 MiB request limit, so only a multipart upload gets it there.
        var content = new byte[23 * 1024 * 1024 + 17];
        new Random(7).NextBytes(content);
        var path = Path.Combine(Directory.CreateTempSubdirectory("multipart-").FullName, "big.jsonl");
        await File.WriteAllBytesAsync(path, content);

        await lake.PutFileAsync("landing/big.jsonl", path);
        using var stream = new MemoryStream(content);
        stream.Position = 1000;
        await lake.PutStreamAsync("landing/big-tail.jsonl", stream);

        Assert.Equal(content, await lake.GetBytesAsync("landing/big.jsonl"));
        Assert.Equal(content[1000..], await lake.GetBytesAsync("landing/big-tail.jsonl"));
    }

    [Theory]
    [InlineData("s3://b/landing/dev.jsonl")]
    [InlineData("https://example.org/dev.jsonl?x=1")]
    public void A_bookmark_key_is_a_valid_key_named_by_the_address_hash(string address)
    {
        var key = LakeLayout.BookmarkKey(address);

        Assert.Equal(LakeArea.Bookmarks, LakeKey.Parse(key).Area);
        Assert.Matches("^bookmarks/[0-9a-f]{64}\\.json$", key);
        Assert.NotEqual(key, LakeLayout.BookmarkKey(address + "x"));
    }

    [Theory]
    [InlineData("bookmarks/abc.json")]
    [InlineData("bookmarks/x/0000000000000000000000000000000000000000000000000000000000000000.json")]
    [InlineData("bookmarks/000000000000000000000000000000000000000000000000000000000000000G.json")]
    public void Other_keys_under_bookmarks_are_refused(string key) =>
        Assert.Throws<InvalidLakeKeyException>(() => LakeKey.Parse(key));
}
