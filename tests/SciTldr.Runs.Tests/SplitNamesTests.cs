namespace SciTldr.Runs.Tests;

public sealed class SplitNamesTests
{
    [Theory]
    [InlineData("train", "data/dev.jsonl", "train")]
    [InlineData("  test  ", "dev.jsonl", "test")]
    [InlineData("holdout", "data.jsonl", "holdout")]
    public void A_requested_split_wins_over_the_file_name_and_is_trimmed(string requested, string source, string expected) =>
        Assert.Equal(expected, SplitNames.Resolve(requested, source));

    [Theory]
    [InlineData("dev.jsonl", "dev")]
    [InlineData("data/SciTLDR-A/train.jsonl", "train")]
    [InlineData("scitldr_test.jsonl.gz", "test")]
    [InlineData("s3://b/landing/x/dev.jsonl", "dev")]
    [InlineData("https://example.org/SciTLDR/Test.JSONL", "test")]
    public void The_split_comes_from_the_file_name_when_none_is_requested(string source, string expected)
    {
        Assert.Equal(expected, SplitNames.Resolve(null, source));
        Assert.Equal(expected, SplitNames.Resolve("   ", source));
    }

    [Theory]
    [InlineData("devices.jsonl")]
    [InlineData("training.jsonl")]
    [InlineData("contest.jsonl")]
    [InlineData("data.jsonl")]
    [InlineData("train/data.jsonl")]
    [InlineData("s3://b/landing/dev/papers.jsonl")]
    public void A_file_name_without_the_split_as_its_own_word_is_unknown(string source) =>
        Assert.Equal("unknown", SplitNames.Resolve(null, source));
}
