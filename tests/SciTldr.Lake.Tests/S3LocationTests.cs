namespace SciTldr.Lake.Tests;

public sealed class S3LocationTests
{
    [Fact]
    public void An_s3_uri_splits_into_bucket_and_key()
    {
        var location = S3Location.Parse("s3://scitldr-lake/landing/dev.jsonl", "scitldr-lake", LakeArea.Landing);

        Assert.Equal(new S3Location("scitldr-lake", "landing/dev.jsonl"), location);
        Assert.Equal("s3://scitldr-lake/landing/dev.jsonl", location.ToString());
    }

    [Theory]
    [InlineData("https://scitldr-lake/landing/dev.jsonl", "scheme 'https'")]
    [InlineData("file:///etc/passwd", "scheme 'file'")]
    [InlineData("scitldr-lake/landing/dev.jsonl", "expected 's3://bucket/key'")]
    [InlineData("s3://scitldr-lake", "no object key")]
    [InlineData("s3://scitldr-lake/", "empty")]
    [InlineData("s3://Not_A_Bucket/landing/x", "not a valid bucket name")]
    [InlineData("s3://scitldr-lake//landing/x", "leading '/'")]
    [InlineData("s3://scitldr-lake/landing/../bronze/x", "relative path segment '..'")]
    [InlineData("s3://scitldr-lake/landing/%2e%2e/x", "percent-encoded traversal")]
    [InlineData("", "empty")]
    public void Malformed_uris_are_rejected_with_a_reason(string uri, string reason)
    {
        var error = Assert.Throws<InvalidLakeKeyException>(() => S3Location.Parse(uri));

        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal("S3 URI", error.Subject);
    }

    [Fact]
    public void A_uri_of_another_bucket_is_rejected_when_checked_against_the_lake_bucket()
    {
        var error = Assert.Throws<InvalidLakeKeyException>(() => S3Location.Parse("s3://someone-else/landing/dev.jsonl", "scitldr-lake"));

        Assert.Contains("bucket 'someone-else' is not the lake bucket 'scitldr-lake'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_uri_outside_the_expected_area_is_rejected()
    {
        var error = Assert.Throws<InvalidLakeKeyException>(() => S3Location.Parse("s3://scitldr-lake/bronze/x", "scitldr-lake", LakeArea.Landing));

        Assert.Contains("expected a key under 'landing/'", error.Reason, StringComparison.Ordinal);
        Assert.Contains("s3://scitldr-lake/bronze/x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_scheme_is_case_insensitive()
    {
        Assert.Equal("landing/x", S3Location.Parse("S3://scitldr-lake/landing/x").Key);
    }
}
