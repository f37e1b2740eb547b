using System.Text.Json;
using SciTldr.Cli.Commands;
using SciTldr.Domain.Runs;
using SciTldr.Testing;

namespace SciTldr.SystemTests;

/// <summary>One run is one trace: every span of every service that worked on it shares the run's trace id.</summary>
[Collection(StackCollection.Name)]
[Trait("Category", "System")]
public sealed class TracingTests
{
    private readonly StackFixture _stack;

    public TracingTests(StackFixture stack)
    {
        _stack = stack;
    }

    [Fact]
    public async Task A_run_is_one_trace_with_spans_from_all_four_services()
    {
        var run = await RunCommands.StartAsync(_stack.Client, RepositoryPaths.DevSplit, null, 200, CancellationToken.None);
        var summary = await _stack.WaitForSummaryAsync(run.RunId, TimeSpan.FromMinutes(2));
        Assert.Equal(RunStatus.Succeeded, summary.Status);
        Assert.Matches("^[0-9a-f]{32}$", summary.TraceId);

        // Spans are written when they end; the last consumer span ends just after the summary is written.
        List<JsonElement> spans = [];
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            spans = ReadSpans().Where(s => s.GetProperty("runId").ValueKind == JsonValueKind.String && s.GetProperty("runId").GetString() == run.RunId).ToList();
            if (spans.Select(s => s.GetProperty("service").GetString()).Distinct().Count() == 4)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Equal(
            ["scitldr-ingestion", "scitldr-quality", "scitldr-reporting", "scitldr-transformation"],
            spans.Select(s => s.GetProperty("service").GetString()).Distinct().Order(StringComparer.Ordinal));
        Assert.All(spans, s => Assert.Equal(summary.TraceId, s.GetProperty("traceId").GetString()));
        // The AWS calls the stages made are spans of the same trace, named after their operation.
        var trace = ReadSpans().Where(s => s.GetProperty("traceId").GetString() == summary.TraceId).Select(s => s.GetProperty("name").GetString()!).ToList();
        Assert.Contains("SQS SendMessage", trace);
        Assert.Contains(trace, name => name.StartsWith("S3 PUT", StringComparison.Ordinal));
        Assert.Contains(trace, name => name.StartsWith("S3 GET", StringComparison.Ordinal));

        // 4 partitions went through transformation and quality, each its own consumer span.
        Assert.Equal(4, spans.Count(s => s.GetProperty("service").GetString() == "scitldr-transformation" && s.GetProperty("name").GetString()!.Contains("consume", StringComparison.Ordinal)));
    }

    private IEnumerable<JsonElement> ReadSpans()
    {
        foreach (var file in Directory.EnumerateFiles(_stack.SpanDirectory, "*.jsonl"))
        {
            string[] lines;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var line in lines)
            {
                JsonElement span;
                try
                {
                    span = JsonDocument.Parse(line).RootElement.Clone();
                }
                catch (JsonException)
                {
                    continue;   // a line being written
                }

                yield return span;
            }
        }
    }
}
