using System.Text.Json.Serialization;

namespace SciTldr.Domain.Quality;

/// <summary>What a failed rule does: errors quarantine the record, warnings only flag it.</summary>
/// <remarks>
/// Rule results are persisted as JSON by the stages; the converter makes every serializer write the
/// interface's spelling rather than a bare number, whatever options the caller uses.
/// </remarks>
[JsonConverter(typeof(JsonStringEnumConverter<RuleSeverity>))]
public enum RuleSeverity
{
    [JsonStringEnumMemberName("error")]
    Error,

    [JsonStringEnumMemberName("warning")]
    Warning,
}

public static class RuleSeverityExtensions
{
    /// <summary>The spelling used in the run summary and reports ("error", "warning").</summary>
    public static string ToWireName(this RuleSeverity severity) => severity switch
    {
        RuleSeverity.Error => "error",
        RuleSeverity.Warning => "warning",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "unknown severity"),
    };
}
