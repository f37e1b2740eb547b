using System.ComponentModel.DataAnnotations;

namespace SciTldr.Ingestion.Sources;

/// <summary>How an <c>http(s)://</c> source is opened and read (section <c>Ingestion:Http</c>).</summary>
public sealed class HttpSourceOptions
{
    public const string Section = "Ingestion:Http";

    /// <summary>
    /// Attempts per failure streak, the first try included: for opening the response, and again for each
    /// interruption of the body (the count starts over once bytes flow again).
    /// </summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; it grows exponentially per attempt, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of one retry delay, including one asked for by a <c>Retry-After</c> header.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for the response headers of one request.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for the next bytes of the body before the connection is given up and resumed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
