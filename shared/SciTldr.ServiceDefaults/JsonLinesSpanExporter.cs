using System.Diagnostics;
using System.Text.Json;
using OpenTelemetry;

namespace SciTldr.ServiceDefaults;

/// <summary>
/// Writes every finished span as one JSON line to a file (<c>Telemetry:SpanFile</c>, with <c>{service}</c>
/// replaced by the stage): a trace a test or a user can read without a tracing backend. Spans keep their
/// trace id, span id, parent, name, service, timing and the run and partition attributes.
/// </summary>
public sealed class JsonLinesSpanExporter : BaseExporter<Activity>
{
    private readonly string _path;
    private readonly string _service;
    private readonly Lock _gate = new();

    public JsonLinesSpanExporter(string path, string service)
    {
        _path = path;
        _service = service;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var lines = new List<string>();
        foreach (var activity in batch)
        {
            lines.Add(JsonSerializer.Serialize(new
            {
                traceId = activity.TraceId.ToHexString(),
                spanId = activity.SpanId.ToHexString(),
                parentSpanId = activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString(),
                name = activity.DisplayName,
                service = _service,
                kind = activity.Kind.ToString(),
                start = activity.StartTimeUtc,
                durationMs = activity.Duration.TotalMilliseconds,
                status = activity.Status.ToString(),
                runId = activity.GetTagItem("scitldr.run_id") as string,
                partition = activity.GetTagItem("scitldr.partition") as int?,
            }));
        }

        lock (_gate)
        {
            File.AppendAllLines(_path, lines);
        }

        return ExportResult.Success;
    }
}
