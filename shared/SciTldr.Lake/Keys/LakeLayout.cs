namespace SciTldr.Lake;

/// <summary>
/// The one place that spells lake keys. Data areas use Hive-style <c>name=value</c> segments so Glue and
/// Athena can read them as partitions; the run ledger and reports are keyed by run id directly.
/// Every builder validates its parts, so a key built here always passes <see cref="LakeKey.Parse(string?, LakeArea)"/>.
/// </summary>
public static class LakeLayout
{
    public const string LandingPrefix = "landing/";
    public const string BronzePrefix = "bronze/";
    public const string QuarantinePrefix = "quarantine/";
    public const string SilverPapersPrefix = "silver/papers/";
    public const string SilverTldrsPrefix = "silver/tldrs/";
    public const string QualityPrefix = "quality/";
    public const string GoldPrefix = "gold/";
    public const string RunsPrefix = "runs/";
    public const string ReportsPrefix = "reports/";
    public const string BookmarksPrefix = "bookmarks/";

    /// <summary>
    /// Where the CLI and <c>POST /runs</c> upload local files (<c>landing/uploads/{R}/…</c>): those objects
    /// already belong to a run, so the landing watcher and S3 event notifications leave them alone.
    /// </summary>
    public const string UploadsPrefix = LandingPrefix + "uploads/";

    public const string JsonlGzExtension = ".jsonl.gz";
    public const string ParquetExtension = ".parquet";
    public const string JsonExtension = ".json";

    internal const string RunIdField = "run_id";
    internal const string SplitField = "split";
    internal const string StageField = "stage";
    internal const string PartFilePrefix = "part-";
    internal const string StagesFolder = "stages";
    internal const string FailuresFolder = "failures";
    internal const string ManifestFile = "manifest.json";
    internal const string SummaryFile = "summary.json";
    internal const string RunFailureFile = "run.json";
    internal const string AlertsFolder = "alerts";
    internal const string QualityRunReportFile = "run.json";
    internal const string RunMetricsFile = "quality-metrics.json";
    internal const string ReportIndexFile = "index.html";
    internal const string ReportDataFolder = "data";

    /// <summary>The key prefix (ending in '/') that every key of <paramref name="area"/> starts with.</summary>
    public static string RootPrefix(LakeArea area) => area switch
    {
        LakeArea.Landing => LandingPrefix,
        LakeArea.Bronze => BronzePrefix,
        LakeArea.Quarantine => QuarantinePrefix,
        LakeArea.SilverPapers => SilverPapersPrefix,
        LakeArea.SilverTldrs => SilverTldrsPrefix,
        LakeArea.Quality => QualityPrefix,
        LakeArea.Gold => GoldPrefix,
        LakeArea.Runs => RunsPrefix,
        LakeArea.Reports => ReportsPrefix,
        LakeArea.Bookmarks => BookmarksPrefix,
        _ => throw new ArgumentOutOfRangeException(nameof(area), area, "unknown lake area"),
    };

    /// <summary><c>part-NNNNN{extension}</c>: five digits so keys sort in partition order.</summary>
    public static string PartitionFileName(int partition, string extension) =>
        $"{PartFilePrefix}{LakeNames.EnsurePartition(partition):D5}{extension}";

    // ---- landing -------------------------------------------------------------------------------

    /// <summary><c>landing/{name}</c>; <paramref name="name"/> may contain sub-folders but no traversal.</summary>
    public static string LandingKey(string name) => LakeKey.Validate(LandingPrefix + name, LakeArea.Landing);

    // ---- bronze --------------------------------------------------------------------------------

    public static string BronzeRunPrefix(string runId) => $"{BronzePrefix}{RunSegment(runId)}/";

    public static string BronzeSplitPrefix(string runId, string split) => $"{BronzeRunPrefix(runId)}{SplitSegment(split)}/";

    /// <summary><c>bronze/run_id={R}/split={S}/part-{NNNNN}.jsonl.gz</c></summary>
    public static string BronzeKey(string runId, string split, int partition) =>
        BronzeSplitPrefix(runId, split) + PartitionFileName(partition, JsonlGzExtension);

    // ---- quarantine ----------------------------------------------------------------------------

    public static string QuarantineRunPrefix(string runId) => $"{QuarantinePrefix}{RunSegment(runId)}/";

    public static string QuarantineStagePrefix(string runId, string stage) =>
        $"{QuarantineRunPrefix(runId)}{StageField}={LakeNames.EnsureStage(stage)}/";

    /// <summary><c>quarantine/run_id={R}/stage={X}/part-{NNNNN}.jsonl.gz</c></summary>
    public static string QuarantineKey(string runId, string stage, int partition) =>
        QuarantineStagePrefix(runId, stage) + PartitionFileName(partition, JsonlGzExtension);

    // ---- silver --------------------------------------------------------------------------------

    public static string SilverPapersRunPrefix(string runId) => $"{SilverPapersPrefix}{RunSegment(runId)}/";

    public static string SilverPapersSplitPrefix(string runId, string split) =>
        $"{SilverPapersRunPrefix(runId)}{SplitSegment(split)}/";

    /// <summary><c>silver/papers/run_id={R}/split={S}/part-{NNNNN}.parquet</c></summary>
    public static string SilverPapersKey(string runId, string split, int partition) =>
        SilverPapersSplitPrefix(runId, split) + PartitionFileName(partition, ParquetExtension);

    public static string SilverTldrsRunPrefix(string runId) => $"{SilverTldrsPrefix}{RunSegment(runId)}/";

    public static string SilverTldrsSplitPrefix(string runId, string split) =>
        $"{SilverTldrsRunPrefix(runId)}{SplitSegment(split)}/";

    /// <summary><c>silver/tldrs/run_id={R}/split={S}/part-{NNNNN}.parquet</c></summary>
    public static string SilverTldrsKey(string runId, string split, int partition) =>
        SilverTldrsSplitPrefix(runId, split) + PartitionFileName(partition, ParquetExtension);

    // ---- quality -------------------------------------------------------------------------------

    public static string QualityRunPrefix(string runId) => $"{QualityPrefix}{RunSegment(runId)}/";

    /// <summary><c>quality/run_id={R}/part-{NNNNN}.json</c></summary>
    public static string QualityReportKey(string runId, int partition) =>
        QualityRunPrefix(runId) + PartitionFileName(partition, JsonExtension);

    /// <summary><c>quality/run_id={R}/run.json</c>: the run-level rules' report, written once every partition is checked.</summary>
    public static string QualityRunReportKey(string runId) => QualityRunPrefix(runId) + QualityRunReportFile;

    /// <summary>
    /// <c>quality/run_id={R}/alerts/{ruleId}.json</c>: written before a rule's alert is sent, so a run raises
    /// each rule's alert once however many partitions (or redeliveries) see the rule fail.
    /// </summary>
    public static string QualityAlertKey(string runId, string ruleId) =>
        $"{QualityRunPrefix(runId)}{AlertsFolder}/{LakeNames.EnsureRuleId(ruleId)}{JsonExtension}";

    // ---- gold ----------------------------------------------------------------------------------

    /// <summary><c>gold/run_id={R}/</c>: run-level aggregates live below it.</summary>
    public static string GoldRunPrefix(string runId) => $"{GoldPrefix}{RunSegment(runId)}/";

    /// <summary><c>gold/run_id={R}/partitions/part-{NNNNN}.json</c>: a partition's full statistics, merged into the run's gold at finalization.</summary>
    public static string GoldPartitionStatsKey(string runId, int partition) =>
        $"{GoldRunPrefix(runId)}partitions/{PartitionFileName(partition, JsonExtension)}";

    // ---- run ledger ----------------------------------------------------------------------------

    /// <summary><c>runs/{R}/</c>; list <see cref="RunsPrefix"/> with delimiter '/' to find every run.</summary>
    public static string RunPrefix(string runId) => $"{RunsPrefix}{LakeNames.EnsureRunId(runId)}/";

    /// <summary><c>runs/{R}/manifest.json</c></summary>
    public static string ManifestKey(string runId) => RunPrefix(runId) + ManifestFile;

    /// <summary><c>runs/{R}/stages/{stage}/</c>: every completion marker of one stage.</summary>
    public static string StageMarkersPrefix(string runId, string stage) =>
        $"{RunPrefix(runId)}{StagesFolder}/{LakeNames.EnsureStage(stage)}/";

    /// <summary><c>runs/{R}/stages/{stage}/part-{NNNNN}.json</c>: written when a stage finished a partition.</summary>
    public static string StageMarkerKey(string runId, string stage, int partition) =>
        StageMarkersPrefix(runId, stage) + PartitionFileName(partition, JsonExtension);

    /// <summary><c>runs/{R}/failures/</c>: every failure record of the run.</summary>
    public static string FailuresPrefix(string runId) => $"{RunPrefix(runId)}{FailuresFolder}/";

    /// <summary><c>runs/{R}/failures/{stage}/</c></summary>
    public static string StageFailuresPrefix(string runId, string stage) =>
        $"{FailuresPrefix(runId)}{LakeNames.EnsureStage(stage)}/";

    /// <summary><c>runs/{R}/failures/{stage}/part-{NNNNN}.json</c>: a stage gave up on one partition.</summary>
    public static string PartitionFailureKey(string runId, string stage, int partition) =>
        StageFailuresPrefix(runId, stage) + PartitionFileName(partition, JsonExtension);

    /// <summary><c>runs/{R}/failures/{stage}/run.json</c>: a stage gave up on the whole run.</summary>
    public static string RunFailureKey(string runId, string stage) => StageFailuresPrefix(runId, stage) + RunFailureFile;

    /// <summary><c>runs/{R}/quality-metrics.json</c>: the run's metrics and drift histograms, the history later runs of its split compare with.</summary>
    public static string RunMetricsKey(string runId) => RunPrefix(runId) + RunMetricsFile;

    /// <summary><c>runs/{R}/summary.json</c></summary>
    public static string SummaryKey(string runId) => RunPrefix(runId) + SummaryFile;

    /// <summary>The run id of a common prefix returned when listing <see cref="RunsPrefix"/> (<c>runs/{R}/</c>).</summary>
    public static string RunIdFromRunPrefix(string runPrefix)
    {
        if (runPrefix is null
            || !runPrefix.StartsWith(RunsPrefix, StringComparison.Ordinal)
            || !runPrefix.EndsWith('/')
            || runPrefix.Length <= RunsPrefix.Length + 1)
        {
            throw new InvalidLakeKeyException(runPrefix ?? string.Empty, $"expected a run prefix shaped like '{RunsPrefix}<run id>/'", "run prefix");
        }

        return LakeNames.EnsureRunId(runPrefix[RunsPrefix.Length..^1]);
    }

    // ---- reports -------------------------------------------------------------------------------

    /// <summary><c>reports/{R}/</c>: rendered dashboard assets of a run.</summary>
    public static string ReportsRunPrefix(string runId) => $"{ReportsPrefix}{LakeNames.EnsureRunId(runId)}/";

    /// <summary><c>reports/{R}/index.html</c>: the run's static dashboard page.</summary>
    public static string ReportIndexKey(string runId) => ReportsRunPrefix(runId) + ReportIndexFile;

    /// <summary><c>reports/{R}/data/{name}.json</c>: a dashboard view of a finished run, kept so the service answers it with one GET.</summary>
    public static string ReportDataKey(string runId, string name) =>
        LakeKey.Validate($"{ReportsRunPrefix(runId)}{ReportDataFolder}/{name}{JsonExtension}", LakeArea.Reports);

    // ---- bookmarks -----------------------------------------------------------------------------

    /// <summary>
    /// <c>bookmarks/{sha256 of the source address}.json</c>: the last version of a source that was ingested
    /// (one object per source, so a bookmark is found with one GET, whatever the number of runs).
    /// </summary>
    public static string BookmarkKey(string sourceAddress)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceAddress);
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sourceAddress));
        return BookmarksPrefix + Convert.ToHexStringLower(digest) + JsonExtension;
    }

    // ---- comparison ----------------------------------------------------------------------------

    /// <summary>
    /// The key with its run segment removed (<c>bronze/run_id=R/split=dev/part-00000.jsonl.gz</c> becomes
    /// <c>bronze/split=dev/part-00000.jsonl.gz</c>), so the outputs of two runs over the same input can be compared.
    /// </summary>
    public static string RelativeToRun(string key)
    {
        var parsed = LakeKey.Parse(key);
        if (parsed.RunId is null)
        {
            throw new InvalidLakeKeyException(key, "the key does not belong to a run");
        }

        // In every run-scoped area the run is the first segment below the area's root.
        var root = RootPrefix(parsed.Area);
        var afterRun = key.IndexOf('/', root.Length);
        return root + key[(afterRun + 1)..];
    }

    internal static string RunSegment(string runId) => $"{RunIdField}={LakeNames.EnsureRunId(runId)}";

    private static string SplitSegment(string split) => $"{SplitField}={LakeNames.EnsureSplit(split)}";
}
