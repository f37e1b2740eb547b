using System.ComponentModel.DataAnnotations;

namespace SciTldr.Lake;

/// <summary>Settings of the <c>Lake</c> configuration section.</summary>
public sealed class LakeOptions
{
    public const string SectionName = "Lake";
    public const string DefaultBucket = "scitldr-lake";

    // S3 bucket naming rules; the lookahead rejects "..", which S3 forbids too.
    private const string BucketNamePattern = @"^(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

    /// <summary>The one bucket that holds the whole lake.</summary>
    [Required]
    [RegularExpression(BucketNamePattern, ErrorMessage = "Lake:Bucket must be a valid S3 bucket name (3-63 lowercase letters, digits, '.', '-').")]
    public string Bucket { get; set; } = DefaultBucket;

    /// <summary>Create the bucket on start when it is missing: for local stacks and tests; in AWS the bucket comes from CloudFormation.</summary>
    public bool CreateBucketIfMissing { get; set; }

    /// <summary>How often a transient S3 fault is retried before the error reaches the caller (0 disables retries).</summary>
    [Range(0, 20)]
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>Delay before the first retry; it doubles per attempt, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Uploads larger than this go up in parts of this size (S3 multipart upload): a failed part is
    /// retried alone, and no single request exceeds it (the emulator refuses bodies over 11 MiB).
    /// </summary>
    [Range(5 * 1024 * 1024, 512 * 1024 * 1024)]
    public int MultipartPartBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Upper bound of a single retry delay.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);
}
