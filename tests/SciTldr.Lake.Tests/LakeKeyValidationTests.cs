namespace SciTldr.Lake.Tests;

public sealed class LakeKeyValidationTests
{
    public static TheoryData<string, LakeArea, string> BadKeys => new()
    {
        { "", LakeArea.Bronze, "empty" },
        { "../x", LakeArea.Landing, "relative path segment '..'" },
        { "landing/../bronze/x", LakeArea.Landing, "relative path segment '..'" },
        { "landing/./x", LakeArea.Landing, "relative path segment '.'" },
        { "bronze/run_id=a/../../etc", LakeArea.Bronze, "relative path segment '..'" },
        { "bronze/run_id=a/split=dev/%2e%2e/part-00000.jsonl.gz", LakeArea.Bronze, "percent-encoded traversal '%2e'" },
        { "landing/%2E%2E%2Fsecret", LakeArea.Landing, "percent-encoded traversal" },
        { "landing/a%2fb", LakeArea.Landing, "percent-encoded traversal '%2f'" },
        { "landing/a%41b", LakeArea.Landing, "percent-encoded sequence '%41'" },
        { "/abs", LakeArea.Landing, "leading '/'" },
        { "/bronze/run_id=a/split=dev/part-00000.jsonl.gz", LakeArea.Bronze, "leading '/'" },
        { "silver\\x", LakeArea.SilverPapers, "backslash" },
        { "landing//x", LakeArea.Landing, "empty path segment" },
        { "landing/x/", LakeArea.Landing, "trailing '/'" },
        { "landing/a\nb", LakeArea.Landing, "control character U+000A" },
        { "landing/a\u0000b", LakeArea.Landing, "control character U+0000" },
        { "landing/a\u007fb", LakeArea.Landing, "control character U+007F" },
        { "landing/" + new string('x', 1020), LakeArea.Landing, "1024-byte" },
        { "secrets/x", LakeArea.Landing, "expected a key under 'landing/'" },
        { "bronze/run_id=a/split=dev/part-00000.jsonl.gz", LakeArea.SilverPapers, "expected a key under 'silver/papers/'" },
        { "landing/dev.jsonl", LakeArea.Bronze, "expected a key under 'bronze/'" },
        { "bronze/run_id=a/part-00000.jsonl.gz", LakeArea.Bronze, "shaped like 'bronze/run_id=<run id>/split=<split>/part-<NNNNN>.jsonl.gz'" },
        { "bronze/run_id=a/split=dev/extra/part-00000.jsonl.gz", LakeArea.Bronze, "shaped like" },
        { "bronze/runid=a/split=dev/part-00000.jsonl.gz", LakeArea.Bronze, "expected a 'run_id=<value>' segment" },
        { "bronze/run_id=-a/split=dev/part-00000.jsonl.gz", LakeArea.Bronze, "invalid run_id '-a'" },
        { "bronze/run_id=a..b/split=dev/part-00000.jsonl.gz", LakeArea.Bronze, "must not contain '..'" },
        { "bronze/run_id=/split=dev/part-00000.jsonl.gz", LakeArea.Bronze, "invalid run_id ''" },
        { "bronze/run_id=a b/split=dev/part-00000.jsonl.gz", LakeArea.Bronze, "invalid run_id 'a b'" },
        { "bronze/run_id=a/split=DEV/part-00000.jsonl.gz", LakeArea.Bronze, "invalid split 'DEV'" },
        { "bronze/run_id=a/split=dev/part-0000.jsonl.gz", LakeArea.Bronze, "expected a partition file" },
        { "bronze/run_id=a/split=dev/part-00000.parquet", LakeArea.Bronze, "expected a partition file 'part-<NNNNN>.jsonl.gz'" },
        { "bronze/run_id=a/split=dev/part-0000x.jsonl.gz", LakeArea.Bronze, "expected a partition file" },
        { "quarantine/run_id=a/stage=cleanup/part-00000.jsonl.gz", LakeArea.Quarantine, "invalid stage 'cleanup'" },
        { "quality/run_id=a/split=dev/part-00000.json", LakeArea.Quality, "shaped like" },
        { "quality/run_id=a/report.json", LakeArea.Quality, "expected a partition file" },
        { "quality/run_id=a/alerts/.json", LakeArea.Quality, "invalid rule id ''" },
        { "quality/run_id=a/alerts/a..b.json", LakeArea.Quality, "invalid rule id 'a..b'" },
        { "quality/run_id=a/alerts/rouge_range.txt", LakeArea.Quality, "expected an alert marker '<rule id>.json'" },
        { "quality/run_id=a/alerts/x/rouge_range.json", LakeArea.Quality, "shaped like" },
        { "quality/run_id=a/warnings/rouge_range.json", LakeArea.Quality, "shaped like" },
        { "runs/a..b/manifest.json", LakeArea.Runs, "invalid run id 'a..b'" },
        { "runs/a", LakeArea.Runs, "shaped like" },
        { "runs/a/stages/cleanup/part-00000.json", LakeArea.Runs, "invalid stage 'cleanup'" },
        { "runs/a/failures/quality/whatever.json", LakeArea.Runs, "expected a partition file" },
        { "gold/a/aggregates.json", LakeArea.Gold, "expected a 'run_id=<value>' segment" },
        { "reports/a", LakeArea.Reports, "shaped like" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void Bad_keys_are_rejected_with_the_key_and_a_specific_reason(string key, LakeArea area, string reason)
    {
        var error = Assert.Throws<InvalidLakeKeyException>(() => LakeKey.Validate(key, area));

        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal(key, error.Value);
        Assert.IsAssignableFrom<ArgumentException>(error);
        Assert.StartsWith("Invalid lake key '", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_that_are_not_valid_unicode_are_rejected()
    {
        // Built here, not in theory data: xunit would replace the lone surrogate while serializing the case.
        var key = "landing/a" + (char)0xD800 + "b";

        var error = Assert.Throws<InvalidLakeKeyException>(() => LakeKey.Validate(key, LakeArea.Landing));

        Assert.Contains("unpaired surrogate at position 9", error.Reason, StringComparison.Ordinal);
        Assert.Contains("\\ud800", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_in_a_rejected_key_are_escaped_in_the_message()
    {
        var error = Assert.Throws<InvalidLakeKeyException>(() => LakeKey.Validate("landing/a\nFAKE LOG LINE", LakeArea.Landing));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("\\u000a", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("landing/dev.jsonl", LakeArea.Landing)]
    [InlineData("landing/2024/05/SciTLDR-A dev (1).jsonl", LakeArea.Landing)]
    [InlineData("landing/100%.jsonl", LakeArea.Landing)]
    [InlineData("landing/résumé.jsonl", LakeArea.Landing)]
    [InlineData("bronze/run_id=a/split=dev/part-00000.jsonl.gz", LakeArea.Bronze)]
    [InlineData("bronze/run_id=2024-05-01T10.00.00_x/split=train_2/part-99999.jsonl.gz", LakeArea.Bronze)]
    [InlineData("quarantine/run_id=a/stage=transformation/part-00001.jsonl.gz", LakeArea.Quarantine)]
    [InlineData("silver/papers/run_id=a/split=dev/part-00001.parquet", LakeArea.SilverPapers)]
    [InlineData("silver/tldrs/run_id=a/split=dev/part-00001.parquet", LakeArea.SilverTldrs)]
    [InlineData("quality/run_id=a/part-00001.json", LakeArea.Quality)]
    [InlineData("quality/run_id=a/run.json", LakeArea.Quality)]
    [InlineData("quality/run_id=a/alerts/tldr_nonempty.json", LakeArea.Quality)]
    [InlineData("quality/run_id=a/alerts/Rule-2.v1.json", LakeArea.Quality)]
    [InlineData("gold/run_id=a/aggregates/summary.json", LakeArea.Gold)]
    [InlineData("runs/a/manifest.json", LakeArea.Runs)]
    [InlineData("runs/a/failures/quality/run.json", LakeArea.Runs)]
    [InlineData("reports/a/assets/app.js", LakeArea.Reports)]
    public void Good_keys_are_accepted_unchanged(string key, LakeArea area)
    {
        Assert.Equal(key, LakeKey.Validate(key, area));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Run_1.2-3")]
    [InlineData("20240501T100000Z")]
    public void Valid_run_ids_are_accepted(string runId)
    {
        Assert.True(LakeNames.IsValidRunId(runId));
        Assert.Equal(runId, LakeNames.EnsureRunId(runId));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("_x")]
    [InlineData("a..b")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("run\n")]
    [InlineData("ünicode")]
    public void Invalid_run_ids_are_rejected(string runId)
    {
        Assert.False(LakeNames.IsValidRunId(runId));
        var error = Assert.Throws<InvalidLakeKeyException>(() => LakeNames.EnsureRunId(runId));
        Assert.Equal("run id", error.Subject);
    }

    [Fact]
    public void The_run_level_quality_report_has_a_run_but_no_partition()
    {
        var parsed = LakeKey.Parse("quality/run_id=a/run.json");

        Assert.Equal((LakeArea.Quality, "a", (int?)null), (parsed.Area, parsed.RunId, parsed.Partition));
    }

    [Theory]
    [InlineData("tldr_nonempty", true)]
    [InlineData("Rule-2.v1", true)]
    [InlineData("", false)]
    [InlineData(".hidden", false)]
    [InlineData("a..b", false)]
    [InlineData("a/b", false)]
    [InlineData("rule\n", false)]
    public void Rule_ids_that_name_alert_markers_follow_their_pattern(string ruleId, bool valid)
    {
        Assert.Equal(valid, LakeNames.IsValidRuleId(ruleId));
        Assert.False(LakeNames.IsValidRuleId(new string('a', 81)));
    }

    [Fact]
    public void Run_ids_are_limited_to_eighty_characters()
    {
        Assert.True(LakeNames.IsValidRunId(new string('a', 80)));
        Assert.False(LakeNames.IsValidRunId(new string('a', 81)));
    }

    [Theory]
    [InlineData("dev", true)]
    [InlineData("train_2", true)]
    [InlineData("test-a", true)]
    [InlineData("Dev", false)]
    [InlineData("-dev", false)]
    [InlineData("dev.x", false)]
    [InlineData("", false)]
    [InlineData("dev\n", false)]
    public void Split_names_follow_their_pattern(string split, bool valid)
    {
        Assert.Equal(valid, LakeNames.IsValidSplit(split));
        Assert.False(LakeNames.IsValidSplit(new string('a', 33)));
    }

    [Fact]
    public void Only_the_four_pipeline_stages_are_stage_names()
    {
        Assert.All(SciTldr.Contracts.Stages.All, stage => Assert.True(LakeNames.IsValidStage(stage)));
        Assert.False(LakeNames.IsValidStage("Ingestion"));
        Assert.False(LakeNames.IsValidStage("cleanup"));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(99_999, true)]
    [InlineData(-1, false)]
    [InlineData(100_000, false)]
    public void Partitions_fit_five_digits(int partition, bool valid)
    {
        Assert.Equal(valid, LakeNames.IsValidPartition(partition));
    }
}
