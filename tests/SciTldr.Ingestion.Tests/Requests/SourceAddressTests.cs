using SciTldr.Ingestion.Sources;

namespace SciTldr.Ingestion.Tests.Requests;

public sealed class SourceAddressTests
{
    private const string Bucket = "scitldr-lake";

    [Theory]
    [InlineData("s3://scitldr-lake/landing/dev.jsonl", "landing/dev.jsonl")]
    [InlineData("s3://scitldr-lake/landing/2026/11/", "landing/2026/11/")]
    [InlineData("s3://scitldr-lake/landing/", "landing/")]
    [InlineData("s3://scitldr-lake/landing", "landing/")]
    [InlineData("  s3://scitldr-lake/landing/a b.jsonl  ", "landing/a b.jsonl")]
    public void S3_objects_and_prefixes_under_landing_are_accepted(string source, string keyOrPrefix)
    {
        var address = SourceAddress.Parse(source, Bucket);

        Assert.Equal(SourceKind.S3, address.Kind);
        Assert.Equal(keyOrPrefix, address.KeyOrPrefix);
        Assert.Equal($"s3://{Bucket}/{keyOrPrefix}", address.Text);
    }

    [Theory]
    [InlineData("https://raw.githubusercontent.com/allenai/scitldr/master/SciTLDR-Data/SciTLDR-A/dev.jsonl")]
    [InlineData("http://127.0.0.1:8080/data/dev.jsonl.gz?token=abc")]
    public void Http_urls_are_accepted_as_they_are(string source)
    {
        var address = SourceAddress.Parse(source, Bucket);

        Assert.Equal(SourceKind.Http, address.Kind);
        Assert.Equal(new Uri(source), address.Url);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("   ", "empty")]
    [InlineData("/tmp/dev.jsonl", "neither an s3:// nor an http(s)://")]
    [InlineData("ftp://example.org/dev.jsonl", "neither an s3:// nor an http(s)://")]
    [InlineData("file:///etc/passwd", "neither an s3:// nor an http(s)://")]
    [InlineData("s3://other-bucket/landing/dev.jsonl", "not the lake bucket")]
    [InlineData("s3://scitldr-lake/bronze/run_id=r/split=dev/part-00000.jsonl.gz", "landing")]
    [InlineData("s3://scitldr-lake/landing/../runs/r/manifest.json", "relative path segment")]
    [InlineData("s3://scitldr-lake/landing/%2e%2e/runs", "percent-encoded")]
    [InlineData("https://user:secret@example.org/dev.jsonl", "credentials")]
    [InlineData("http://", "not a valid http(s) URL")]
    public void Anything_else_is_refused_with_the_reason(string? source, string reason)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => SourceAddress.Parse(source, Bucket));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
