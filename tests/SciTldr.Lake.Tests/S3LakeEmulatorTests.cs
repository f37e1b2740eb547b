using System.Net;
using System.Text;
using Amazon.S3;
using Microsoft.Extensions.Options;
using SciTldr.Contracts;
using SciTldr.Testing;
using static SciTldr.Lake.Tests.TestStreams;

namespace SciTldr.Lake.Tests;

public sealed class S3LakeEmulatorTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private sealed record Manifest(string RunId, int Partitions, string[] Splits);

    private S3Lake NewLake(string? bucket = null, bool createBucket = true, ListLogger<S3Lake>? logger = null) => new(
        fixture.Emulator.CreateS3Client(),
        Options.Create(new LakeOptions
        {
            Bucket = bucket ?? EmulatorFixture.UniqueName("lake"),
            CreateBucketIfMissing = createBucket,
            MaxRetryAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        }),
        logger);

    private async Task<S3Lake> NewLakeWithBucketAsync(ListLogger<S3Lake>? logger = null)
    {
        var lake = NewLake(logger: logger);
        await lake.EnsureBucketAsync();
        return lake;
    }

    [Fact]
    public async Task Bytes_put_can_be_read_checked_and_deleted()
    {
        var lake = await NewLakeWithBucketAsync();
        var key = LakeLayout.ManifestKey("r1");
        var content = Utf8("{\"hello\":\"lake\"}");

        await lake.PutBytesAsync(key, content);

        Assert.Equal(content, await lake.GetBytesAsync(key));
        Assert.True(await lake.ExistsAsync(key));

        await lake.DeleteAsync(key);

        Assert.False(await lake.ExistsAsync(key));
    }

    [Fact]
    public async Task Json_round_trips_and_a_missing_document_is_null()
    {
        var lake = await NewLakeWithBucketAsync();
        var manifest = new Manifest("r1", 3, ["dev", "test"]);

        await lake.PutJsonAsync(LakeLayout.ManifestKey("r1"), manifest);

        var read = await lake.TryGetJsonAsync<Manifest>(LakeLayout.ManifestKey("r1"));
        Assert.NotNull(read);
        Assert.Equal(manifest.Splits, read.Splits);
        Assert.Equal((manifest.RunId, manifest.Partitions), (read.RunId, read.Partitions));
        Assert.Contains("\"runId\":\"r1\"", Encoding.UTF8.GetString(await lake.GetBytesAsync(LakeLayout.ManifestKey("r1"))), StringComparison.Ordinal);
        Assert.Null(await lake.TryGetJsonAsync<Manifest>(LakeLayout.ManifestKey("r2")));
    }

    [Fact]
    public async Task A_missing_key_is_answered_at_once_without_retries()
    {
        var logger = new ListLogger<S3Lake>();
        var lake = await NewLakeWithBucketAsync(logger);
        var key = LakeLayout.SummaryKey("nobody");

        Assert.False(await lake.ExistsAsync(key));
        Assert.Null(await lake.TryGetJsonAsync<Manifest>(key));
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => lake.GetBytesAsync(key));
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => lake.OpenReadAsync(key));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(0, logger.Retries);
    }

    [Fact]
    public async Task Deleting_a_missing_key_succeeds_so_redelivery_is_harmless()
    {
        var lake = await NewLakeWithBucketAsync();

        await lake.DeleteAsync(LakeLayout.SummaryKey("never-written"));
    }

    [Fact]
    public async Task Listing_more_than_one_page_returns_every_key_once_in_order()
    {
        var lake = await NewLakeWithBucketAsync();
        var keys = Enumerable.Range(0, 1050).Select(i => LakeLayout.StageMarkerKey("big", Stages.Ingestion, i)).ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, ct) => await lake.PutBytesAsync(key, Utf8("{}"), ct));
        await lake.PutBytesAsync(LakeLayout.ManifestKey("big"), Utf8("{}"));

        var listed = await lake.ListKeysAsync(LakeLayout.StageMarkersPrefix("big", Stages.Ingestion)).ToListAsync();

        Assert.Equal(keys, listed);
    }

    [Fact]
    public async Task Listing_a_prefix_with_nothing_under_it_yields_nothing()
    {
        var lake = await NewLakeWithBucketAsync();

        Assert.Empty(await lake.ListKeysAsync(LakeLayout.RunsPrefix).ToListAsync());
        Assert.Empty(await lake.ListCommonPrefixesAsync(LakeLayout.RunsPrefix).ToListAsync());

        await lake.PutBytesAsync(LakeLayout.ManifestKey("r1"), Utf8("{}"));

        Assert.Empty(await lake.ListKeysAsync(LakeLayout.BronzePrefix).ToListAsync());
        Assert.Empty(await lake.ListCommonPrefixesAsync(LakeLayout.BronzePrefix).ToListAsync());
    }

    [Fact]
    public async Task Common_prefixes_under_runs_name_every_run_once()
    {
        var lake = await NewLakeWithBucketAsync();
        foreach (var run in new[] { "r2", "r1", "r3" })
        {
            await lake.PutBytesAsync(LakeLayout.ManifestKey(run), Utf8("{}"));
            await lake.PutBytesAsync(LakeLayout.StageMarkerKey(run, Stages.Ingestion, 0), Utf8("{}"));
        }

        var prefixes = await lake.ListCommonPrefixesAsync(LakeLayout.RunsPrefix).ToListAsync();

        Assert.Equal(["runs/r1/", "runs/r2/", "runs/r3/"], prefixes);
        Assert.Equal(["r1", "r2", "r3"], prefixes.Select(LakeLayout.RunIdFromRunPrefix));
    }

    [Fact]
    public async Task A_jsonl_gz_partition_round_trips_through_s3_as_a_stream()
    {
        var lake = await NewLakeWithBucketAsync();
        var key = LakeLayout.BronzeKey("r1", "dev", 0);
        var lines = Enumerable.Range(0, 5000).Select(i => $"{{\"paper_id\":\"p{i}\",\"text\":\"{new string('a', i % 300)}\"}}").ToList();

        var writer = new JsonlGzWriter(memoryThresholdBytes: 16 * 1024);
        lines.ForEach(line => writer.WriteLine(Utf8(line)));
        var result = await writer.CompleteAsync(lake, key);

        Assert.Equal(new JsonlWriteResult(key, (await lake.GetBytesAsync(key)).LongLength, 5000), result);
        await using var stream = await lake.OpenReadAsync(key);
        Assert.Equal(lines, (await ReadAllAsync(stream)).Select(line => line.Text));
    }

    [Fact]
    public async Task Gzip_content_under_a_jsonl_name_is_still_decompressed()
    {
        var lake = await NewLakeWithBucketAsync();
        var key = LakeLayout.LandingKey("dev.jsonl");
        await lake.PutBytesAsync(key, Gzip(Utf8("{\"a\":1}\n{\"b\":2}\n")));

        await using var stream = await lake.OpenReadAsync(key);

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], (await ReadAllAsync(stream)).Select(line => line.Text));
    }

    [Fact]
    public async Task The_real_dev_split_streams_from_landing_line_for_line()
    {
        var lake = await NewLakeWithBucketAsync();
        var key = LakeLayout.LandingKey("SciTLDR-A/dev.jsonl");
        await lake.PutFileAsync(key, RepositoryPaths.DevSplit);

        await using var stream = await lake.OpenReadAsync(key);
        await using var reader = new JsonlLineReader(stream);
        var count = await reader.ForEachAsync(line => Assert.False(line.IsOversize));

        Assert.Equal(File.ReadLines(RepositoryPaths.DevSplit).Count(), count);
    }

    [Fact]
    public async Task Rewriting_the_same_partition_gives_an_identical_object()
    {
        var lake = await NewLakeWithBucketAsync();
        var key = LakeLayout.QuarantineKey("r1", Stages.Ingestion, 4);

        async Task<byte[]> WriteAndReadAsync()
        {
            var writer = new JsonlGzWriter();
            writer.WriteJson(new { line = 3, reason = JsonlLineReader.OversizeReason });
            await writer.CompleteAsync(lake, key);
            return await lake.GetBytesAsync(key);
        }

        var first = await WriteAndReadAsync();
        var second = await WriteAndReadAsync();

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task A_stream_is_uploaded_from_its_current_position_and_left_open()
    {
        var lake = await NewLakeWithBucketAsync();
        var content = new MemoryStream(Utf8("skip-this|keep this"));
        content.Position = "skip-this|".Length;

        await lake.PutStreamAsync(LakeLayout.LandingKey("part.txt"), content);

        Assert.Equal(Utf8("keep this"), await lake.GetBytesAsync(LakeLayout.LandingKey("part.txt")));
        Assert.True(content.CanRead);
    }

    [Fact]
    public async Task Ensure_bucket_creates_the_bucket_once_and_is_idempotent()
    {
        var lake = NewLake();

        Assert.True(await lake.EnsureBucketAsync());
        Assert.False(await lake.EnsureBucketAsync());

        await lake.PutBytesAsync(LakeLayout.LandingKey("x.jsonl"), Utf8("{}"));
        Assert.True(await lake.ExistsAsync(LakeLayout.LandingKey("x.jsonl")));
    }

    [Fact]
    public async Task A_missing_bucket_is_an_error_when_creating_it_is_not_allowed()
    {
        var lake = NewLake(createBucket: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => lake.EnsureBucketAsync());

        Assert.Contains(lake.Bucket, error.Message, StringComparison.Ordinal);
        Assert.Contains("CreateBucketIfMissing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_configured_from_the_standard_variables_reaches_the_emulator()
    {
        // Only the credentials are given explicitly: in a service they come from the SDK's default chain.
        var environment = fixture.Emulator.AwsEnvironment;
        var config = AwsClientConfiguration.CreateS3Config(name => environment.GetValueOrDefault(name));
        using var s3 = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(Emulator.AccessKey, Emulator.SecretKey), config);
        var lake = new S3Lake(s3, Options.Create(new LakeOptions { Bucket = EmulatorFixture.UniqueName("env"), CreateBucketIfMissing = true }));

        Assert.True(await lake.EnsureBucketAsync());
        await lake.PutBytesAsync(LakeLayout.LandingKey("env.jsonl"), Utf8("{}"));

        Assert.Equal(Utf8("{}"), await lake.GetBytesAsync(LakeLayout.LandingKey("env.jsonl")));
    }

    [Fact]
    public void Uris_from_messages_resolve_to_keys_only_inside_the_lake_bucket_and_area()
    {
        var lake = NewLake(bucket: "scitldr-lake");

        Assert.Equal("landing/dev.jsonl", lake.KeyOf("s3://scitldr-lake/landing/dev.jsonl", LakeArea.Landing));
        Assert.Equal(new S3Location("scitldr-lake", "landing/dev.jsonl"), lake.LocationOf("landing/dev.jsonl"));
        Assert.Throws<InvalidLakeKeyException>(() => lake.KeyOf("s3://other-bucket/landing/dev.jsonl", LakeArea.Landing));
        Assert.Throws<InvalidLakeKeyException>(() => lake.KeyOf("s3://scitldr-lake/bronze/x", LakeArea.Landing));
    }

    [Fact]
    public async Task Keys_with_traversal_never_reach_s3()
    {
        var lake = await NewLakeWithBucketAsync();

        await Assert.ThrowsAsync<InvalidLakeKeyException>(() => lake.PutBytesAsync("landing/../../x", Utf8("{}")));
        await Assert.ThrowsAsync<InvalidLakeKeyException>(() => lake.GetBytesAsync("/etc/passwd"));
        await Assert.ThrowsAsync<InvalidLakeKeyException>(async () => await lake.ListKeysAsync("../").ToListAsync());
    }
}
