using System.Security.Cryptography;
using System.Text;
using SciTldr.Lake;

namespace SciTldr.Runs;

/// <summary>
/// How run ids are made. A requested run gets a new id (time + split + random suffix). A run started by
/// an automatic trigger gets an id derived from what triggered it, so that the same trigger seen twice —
/// by two ingestion tasks, or an S3 event delivered twice — names the same run instead of starting two.
/// </summary>
public static class RunIds
{
    /// <summary><c>20261124T120000Z-dev-1a2b3c</c>: a new run asked for now.</summary>
    public static string New(string split, DateTimeOffset now) =>
        LakeNames.EnsureRunId($"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{split}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");

    /// <summary>
    /// <c>obj-dev-…</c>: the run of one version of one landing object (key and ETag), whichever of the
    /// landing watcher and the S3 event notification saw it first.
    /// </summary>
    public static string ForObject(string split, string bucket, string key, string? etag) =>
        LakeNames.EnsureRunId($"obj-{split}-{Digest($"s3://{bucket}/{key}#{etag}")}");

    /// <summary><c>20261124T120000Z-dev-schedule</c>: the run of one tick of the schedule, whichever task fired it.</summary>
    public static string ForSchedule(string split, DateTimeOffset tick) =>
        LakeNames.EnsureRunId($"{tick.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{split}-schedule");

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 8);
}
