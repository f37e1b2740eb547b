namespace SciTldr.Ingestion.Sources;

/// <summary>
/// An attempt failed in a way that another attempt may not: a 408, 429 or 5xx answer, a stalled read, a body
/// that ended before its length. Never leaves the reader: when the attempts run out it becomes a
/// <see cref="SourceUnavailableException"/>.
/// </summary>
internal sealed class TransientSourceException(string reason, TimeSpan? retryAfter = null) : Exception(reason)
{
    /// <summary>The wait the server asked for with <c>Retry-After</c>, if it did.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
