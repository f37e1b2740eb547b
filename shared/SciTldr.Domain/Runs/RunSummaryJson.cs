using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SciTldr.Domain.Runs;

/// <summary>The one way to turn a <see cref="RunSummary"/> into JSON and back.</summary>
public static class RunSummaryJson
{
    /// <summary>
    /// camelCase property names; dictionary keys (reason codes, rule ids) kept as they are; nulls
    /// written, because <c>peerReviewTldrWordsMean: null</c> is part of the interface. Read-only, so no
    /// caller can change the shape for everyone else.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(RunSummary summary) => JsonSerializer.Serialize(summary, Options);

    public static byte[] SerializeToUtf8Bytes(RunSummary summary) => JsonSerializer.SerializeToUtf8Bytes(summary, Options);

    public static RunSummary Deserialize(string json) =>
        JsonSerializer.Deserialize<RunSummary>(json, Options) ?? throw new JsonException("the run summary is null");

    public static RunSummary Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<RunSummary>(utf8Json, Options) ?? throw new JsonException("the run summary is null");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            WriteIndented = false,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }
}
