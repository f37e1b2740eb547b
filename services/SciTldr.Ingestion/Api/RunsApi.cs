using System.Text.Json;
using SciTldr.Contracts;
using SciTldr.Ingestion.Sources;
using SciTldr.Ingestion.Triggers;
using SciTldr.Runs;

namespace SciTldr.Ingestion.Api;

/// <summary>
/// <c>POST /runs</c>: starts a run on request, the HTTP twin of the CLI's <c>run</c>. The body is a JSON
/// object: <c>source</c> (an s3:// object or prefix under landing/, or an http(s) URL) or
/// <c>backfillFrom</c> (a run id), and optionally <c>split</c>, <c>partitionSize</c>, <c>reprocess</c>.
/// Answers 202 with the run id, or 400 with the reason the request is not acceptable.
/// </summary>
public static class RunsApi
{
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] Fields = ["source", "split", "partitionSize", "reprocess", "backfillFrom"];

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/runs", StartAsync);
        return app;
    }

    private static async Task<IResult> StartAsync(HttpRequest request, RunStarter starter, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return Problem($"the body is larger than {MaxBodyBytes} bytes");
        }

        StartRun message;
        try
        {
            using var body = await ReadBodyAsync(request, cancellationToken);
            message = ToStartRun(body.RootElement, starter);
            await starter.StartAsync(message, null, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Problem($"the body is not valid JSON: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            return Problem(ex.Message);
        }

        return Results.Json(
            new { runId = message.RunId, split = message.Split, source = message.Source, backfillFrom = message.BackfillFrom, manifest = $"s3://{starter.Bucket}/runs/{message.RunId}/manifest.json" },
            statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<JsonDocument> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"the body must be application/json, not '{type}'");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new ArgumentException($"the body is larger than {MaxBodyBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw new ArgumentException("the body is empty: send a JSON object such as {\"source\": \"s3://bucket/landing/dev.jsonl\"}");
        }

        return JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
    }

    private static StartRun ToStartRun(JsonElement body, RunStarter starter)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"the body must be a JSON object, not {body.ValueKind.ToString().ToLowerInvariant()}");
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new ArgumentException($"unknown field '{property.Name}' (known: {string.Join(", ", Fields)})");
            }
        }

        var source = OptionalString(body, "source");
        var backfillFrom = OptionalString(body, "backfillFrom");
        var split = OptionalString(body, "split");
        var partitionSize = body.TryGetProperty("partitionSize", out var size) && size.ValueKind != JsonValueKind.Null
            ? size.ValueKind == JsonValueKind.Number && size.TryGetInt32(out var n) ? n : throw new ArgumentException("'partitionSize' must be a whole number")
            : 0;
        var reprocess = body.TryGetProperty("reprocess", out var flag) && flag.ValueKind != JsonValueKind.Null
            && (flag.ValueKind is JsonValueKind.True or JsonValueKind.False ? flag.GetBoolean() : throw new ArgumentException("'reprocess' must be true or false"));
        if (source is null && backfillFrom is null)
        {
            throw new ArgumentException("give 'source' (an s3:// object or prefix under landing/, or an http(s) URL) or 'backfillFrom' (a run id)");
        }

        if (source is not null)
        {
            // Resolved here only to name the run; the consumer resolves again from the file names it finds.
            SourceAddress.Parse(source, starter.Bucket);
        }

        if (split is not null && !Lake.LakeNames.IsValidSplit(split))
        {
            throw new ArgumentException($"'{split}' is not a valid split name (lower-case letters, digits, '_' and '-', up to 32)");
        }

        var runSplit = split ?? (source is null ? SplitNames.Unknown : SplitNames.Resolve(null, source.TrimEnd('/')));
        var runId = RunIds.New(runSplit, starter.Now);
        return new StartRun(runId, source ?? "", split, partitionSize, starter.Now, RunTriggers.Request, reprocess, backfillFrom);
    }

    private static string? OptionalString(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null
            ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString() : throw new ArgumentException($"'{name}' must be a string");

    private static IResult Problem(string reason) =>
        Results.Json(new { error = reason }, statusCode: StatusCodes.Status400BadRequest);
}
