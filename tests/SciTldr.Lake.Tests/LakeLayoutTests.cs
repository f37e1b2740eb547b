using SciTldr.Contracts;

namespace SciTldr.Lake.Tests;

public sealed class LakeLayoutTests
{
    private const string Run = "run-2024.01_a";

    [Fact]
    public void Data_area_builders_spell_hive_style_keys_with_five_digit_partitions()
    {
        Assert.Equal("landing/dev.jsonl", LakeLayout.LandingKey("dev.jsonl"));
        Assert.Equal("landing/2024/05/dev.jsonl", LakeLayout.LandingKey("2024/05/dev.jsonl"));
        Assert.Equal($"bronze/run_id={Run}/split=dev/part-00007.jsonl.gz", LakeLayout.BronzeKey(Run, "dev", 7));
        Assert.Equal($"quarantine/run_id={Run}/stage=quality/part-00012.jsonl.gz", LakeLayout.QuarantineKey(Run, Stages.Quality, 12));
        Assert.Equal($"silver/papers/run_id={Run}/split=train/part-00000.parquet", LakeLayout.SilverPapersKey(Run, "train", 0));
        Assert.Equal($"silver/tldrs/run_id={Run}/split=train/part-99999.parquet", LakeLayout.SilverTldrsKey(Run, "train", 99_999));
        Assert.Equal($"quality/run_id={Run}/part-00003.json", LakeLayout.QualityReportKey(Run, 3));
    }

    [Fact]
    public void Prefix_builders_end_in_a_slash_and_prefix_their_keys()
    {
        Assert.Equal($"bronze/run_id={Run}/", LakeLayout.BronzeRunPrefix(Run));
        Assert.Equal($"bronze/run_id={Run}/split=dev/", LakeLayout.BronzeSplitPrefix(Run, "dev"));
        Assert.Equal($"quarantine/run_id={Run}/", LakeLayout.QuarantineRunPrefix(Run));
        Assert.Equal($"quarantine/run_id={Run}/stage=ingestion/", LakeLayout.QuarantineStagePrefix(Run, Stages.Ingestion));
        Assert.Equal($"silver/papers/run_id={Run}/", LakeLayout.SilverPapersRunPrefix(Run));
        Assert.Equal($"silver/papers/run_id={Run}/split=dev/", LakeLayout.SilverPapersSplitPrefix(Run, "dev"));
        Assert.Equal($"silver/tldrs/run_id={Run}/", LakeLayout.SilverTldrsRunPrefix(Run));
        Assert.Equal($"silver/tldrs/run_id={Run}/split=dev/", LakeLayout.SilverTldrsSplitPrefix(Run, "dev"));
        Assert.Equal($"quality/run_id={Run}/", LakeLayout.QualityRunPrefix(Run));
        Assert.Equal($"gold/run_id={Run}/", LakeLayout.GoldRunPrefix(Run));
        Assert.Equal($"reports/{Run}/", LakeLayout.ReportsRunPrefix(Run));

        Assert.StartsWith(LakeLayout.BronzeSplitPrefix(Run, "dev"), LakeLayout.BronzeKey(Run, "dev", 1), StringComparison.Ordinal);
        Assert.StartsWith(LakeLayout.QuarantineStagePrefix(Run, Stages.Quality), LakeLayout.QuarantineKey(Run, Stages.Quality, 1), StringComparison.Ordinal);
        Assert.StartsWith(LakeLayout.SilverPapersSplitPrefix(Run, "dev"), LakeLayout.SilverPapersKey(Run, "dev", 1), StringComparison.Ordinal);
        Assert.StartsWith(LakeLayout.QualityRunPrefix(Run), LakeLayout.QualityReportKey(Run, 1), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ledger_keys_live_under_runs_and_the_run_id()
    {
        Assert.Equal("runs/", LakeLayout.RunsPrefix);
        Assert.Equal($"runs/{Run}/", LakeLayout.RunPrefix(Run));
        Assert.Equal($"runs/{Run}/manifest.json", LakeLayout.ManifestKey(Run));
        Assert.Equal($"runs/{Run}/summary.json", LakeLayout.SummaryKey(Run));
        Assert.Equal($"runs/{Run}/stages/transformation/", LakeLayout.StageMarkersPrefix(Run, Stages.Transformation));
        Assert.Equal($"runs/{Run}/stages/transformation/part-00042.json", LakeLayout.StageMarkerKey(Run, Stages.Transformation, 42));
        Assert.Equal($"runs/{Run}/failures/", LakeLayout.FailuresPrefix(Run));
        Assert.Equal($"runs/{Run}/failures/quality/", LakeLayout.StageFailuresPrefix(Run, Stages.Quality));
        Assert.Equal($"runs/{Run}/failures/quality/part-00001.json", LakeLayout.PartitionFailureKey(Run, Stages.Quality, 1));
        Assert.Equal($"runs/{Run}/failures/ingestion/run.json", LakeLayout.RunFailureKey(Run, Stages.Ingestion));
    }

    [Fact]
    public void A_quality_alert_marker_lives_under_the_runs_quality_folder_named_by_its_rule()
    {
        Assert.Equal($"quality/run_id={Run}/alerts/tldr_nonempty.json", LakeLayout.QualityAlertKey(Run, "tldr_nonempty"));
        Assert.StartsWith(LakeLayout.QualityRunPrefix(Run), LakeLayout.QualityAlertKey(Run, "rouge_range"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../secret")]
    [InlineData("a/b")]
    [InlineData("a..b")]
    [InlineData("_hidden")]
    [InlineData("rule id")]
    public void A_quality_alert_marker_refuses_a_rule_id_that_cannot_name_a_file(string ruleId)
    {
        var error = Assert.Throws<InvalidLakeKeyException>(() => LakeLayout.QualityAlertKey(Run, ruleId));

        Assert.Equal("rule id", error.Subject);
    }

    [Fact]
    public void Run_id_is_recovered_from_a_listed_run_prefix()
    {
        Assert.Equal(Run, LakeLayout.RunIdFromRunPrefix(LakeLayout.RunPrefix(Run)));
        Assert.Throws<InvalidLakeKeyException>(() => LakeLayout.RunIdFromRunPrefix("runs/"));
        Assert.Throws<InvalidLakeKeyException>(() => LakeLayout.RunIdFromRunPrefix("runs/../"));
        Assert.Throws<InvalidLakeKeyException>(() => LakeLayout.RunIdFromRunPrefix("bronze/x/"));
    }

    [Fact]
    public void Every_built_key_passes_validation_of_its_own_area_and_reports_its_parts()
    {
        var bronze = LakeKey.Parse(LakeLayout.BronzeKey(Run, "dev", 5), LakeArea.Bronze);
        Assert.Equal((Run, "dev", (int?)5), (bronze.RunId, bronze.Split, bronze.Partition));

        var quarantine = LakeKey.Parse(LakeLayout.QuarantineKey(Run, Stages.Quality, 6), LakeArea.Quarantine);
        Assert.Equal((Run, Stages.Quality, (int?)6), (quarantine.RunId, quarantine.Stage, quarantine.Partition));

        Assert.Equal(8, LakeKey.Parse(LakeLayout.SilverPapersKey(Run, "dev", 8), LakeArea.SilverPapers).Partition);
        Assert.Equal(9, LakeKey.Parse(LakeLayout.SilverTldrsKey(Run, "dev", 9), LakeArea.SilverTldrs).Partition);
        Assert.Equal(10, LakeKey.Parse(LakeLayout.QualityReportKey(Run, 10), LakeArea.Quality).Partition);

        var alert = LakeKey.Parse(LakeLayout.QualityAlertKey(Run, "tldr_nonempty"), LakeArea.Quality);
        Assert.Equal((LakeArea.Quality, Run, (int?)null), (alert.Area, alert.RunId, alert.Partition));

        var marker = LakeKey.Parse(LakeLayout.StageMarkerKey(Run, Stages.Reporting, 11), LakeArea.Runs);
        Assert.Equal((Run, Stages.Reporting, (int?)11), (marker.RunId, marker.Stage, marker.Partition));

        var runFailure = LakeKey.Parse(LakeLayout.RunFailureKey(Run, Stages.Ingestion), LakeArea.Runs);
        Assert.Equal((Stages.Ingestion, (int?)null), (runFailure.Stage, runFailure.Partition));

        Assert.Equal(Run, LakeKey.Parse(LakeLayout.ManifestKey(Run), LakeArea.Runs).RunId);
        Assert.Equal(LakeArea.Landing, LakeKey.Parse(LakeLayout.LandingKey("a.jsonl")).Area);
    }

    [Theory]
    [InlineData("bronze/run_id=R1/split=dev/part-00000.jsonl.gz", "bronze/split=dev/part-00000.jsonl.gz")]
    [InlineData("quarantine/run_id=R1/stage=ingestion/part-00001.jsonl.gz", "quarantine/stage=ingestion/part-00001.jsonl.gz")]
    [InlineData("silver/papers/run_id=R1/split=dev/part-00002.parquet", "silver/papers/split=dev/part-00002.parquet")]
    [InlineData("silver/tldrs/run_id=R1/split=dev/part-00002.parquet", "silver/tldrs/split=dev/part-00002.parquet")]
    [InlineData("quality/run_id=R1/part-00003.json", "quality/part-00003.json")]
    [InlineData("quality/run_id=R1/alerts/rouge_range.json", "quality/alerts/rouge_range.json")]
    [InlineData("gold/run_id=R1/aggregates/summary.json", "gold/aggregates/summary.json")]
    [InlineData("runs/R1/manifest.json", "runs/manifest.json")]
    [InlineData("runs/R1/stages/quality/part-00004.json", "runs/stages/quality/part-00004.json")]
    [InlineData("reports/R1/index.html", "reports/index.html")]
    public void Relative_to_run_drops_only_the_run_segment(string key, string expected)
    {
        Assert.Equal(expected, LakeLayout.RelativeToRun(key));
    }

    [Fact]
    public void Two_runs_over_the_same_partition_have_equal_relative_keys()
    {
        Assert.Equal(
            LakeLayout.RelativeToRun(LakeLayout.BronzeKey("first", "dev", 3)),
            LakeLayout.RelativeToRun(LakeLayout.BronzeKey("second", "dev", 3)));
        Assert.NotEqual(
            LakeLayout.RelativeToRun(LakeLayout.BronzeKey("first", "dev", 3)),
            LakeLayout.RelativeToRun(LakeLayout.BronzeKey("first", "dev", 4)));
    }

    [Fact]
    public void Landing_keys_have_no_run_to_be_relative_to()
    {
        var error = Assert.Throws<InvalidLakeKeyException>(() => LakeLayout.RelativeToRun("landing/dev.jsonl"));
        Assert.Contains("does not belong to a run", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Builders_reject_invalid_parts_instead_of_spelling_a_bad_key()
    {
        Assert.Throws<InvalidLakeKeyException>(() => LakeLayout.BronzeKey("../etc", "dev", 0));
        Assert.Throws<InvalidLakeKeyException>(() => LakeLayout.BronzeKey(Run, "Dev", 0));
        Assert.Throws<InvalidLakeKeyException>(() => LakeLayout.BronzeKey(Run, "dev", 100_000));
        Assert.Throws<InvalidLakeKeyException>(() => LakeLayout.BronzeKey(Run, "dev", -1));
        Assert.Throws<InvalidLakeKeyException>(() => LakeLayout.QuarantineKey(Run, "cleanup", 0));
        Assert.Throws<InvalidLakeKeyException>(() => LakeLayout.LandingKey("../bronze/x"));
        Assert.Throws<InvalidLakeKeyException>(() => LakeLayout.LandingKey(string.Empty));
    }
}
