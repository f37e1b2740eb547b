using SciTldr.Ingestion.Consumers;
using SciTldr.Ingestion.Sources;

namespace SciTldr.Ingestion.Tests.Requests;

public sealed class SplitTests
{
    private const string Bucket = "scitldr-lake";

    [Theory]
    [InlineData("s3://scitldr-lake/landing/x/", new[] { "landing/x/train.jsonl" }, "train")]
    [InlineData("s3://scitldr-lake/landing/x/", new[] { "landing/x/dev-1.jsonl", "landing/x/dev-2.jsonl.gz" }, "dev")]
    [InlineData("s3://scitldr-lake/landing/test/", new[] { "landing/test/a.jsonl", "landing/test/b.jsonl" }, "test")]
    [InlineData("s3://scitldr-lake/landing/x/", new[] { "landing/x/train.jsonl", "landing/x/dev.jsonl" }, "unknown")]
    [InlineData("s3://scitldr-lake/landing/devices/", new[] { "landing/devices/a.jsonl" }, "unknown")]
    public void The_split_of_a_run_without_one_comes_from_the_file_names_else_the_prefix(string source, string[] keys, string split)
    {
        var address = SourceAddress.Parse(source, Bucket);
        var sources = keys.Select(k => new SourceRef(SourceKind.S3, $"s3://{Bucket}/{k}", k, "e", 1, null)).ToList();

        Assert.Equal(split, StartRunConsumer.SplitFor(address, sources));
    }

    [Fact]
    public void An_http_source_takes_the_split_from_its_path()
    {
        var address = SourceAddress.Parse("https://example.org/SciTLDR-A/train.jsonl", Bucket);

        Assert.Equal("train", StartRunConsumer.SplitFor(address, [new SourceRef(SourceKind.Http, address.Text, null, null, null, null)]));
    }
}
