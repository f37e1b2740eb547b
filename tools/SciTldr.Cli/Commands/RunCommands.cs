using SciTldr.Cli.Stack;
using SciTldr.Contracts;
using SciTldr.Domain.Runs;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Runs;
using Spectre.Console;

namespace SciTldr.Cli.Commands;

public static class RunCommands
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;

    public sealed record RunOptions(string? Input, string? Split, int PartitionSize, bool Wait, bool Json, int TimeoutSeconds, bool Reprocess = false, string? FromRun = null);

    /// <summary>
    /// <c>run</c>: uploads a local file or folder to <c>landing/uploads/RUN/</c> (or takes an s3:// object or
    /// prefix under landing/, or an http(s) URL, which the service reads itself), or backfills from an
    /// earlier run; starts the run and optionally follows it.
    /// </summary>
    public static async Task<int> RunAsync(string root, RunOptions options, CancellationToken cancellationToken)
    {
        if (options.PartitionSize is < 1 or > 1_000_000)
        {
            Console.Error.WriteLine($"--partition-size must be between 1 and 1000000, not {options.PartitionSize}");
            return BadArguments;
        }

        if (options.Split is not null && !LakeNames.IsValidSplit(options.Split))
        {
            Console.Error.WriteLine($"--split '{options.Split}' is not a valid split name (lower-case letters, digits, '_' and '-', up to 32)");
            return BadArguments;
        }

        if ((options.Input is null) == (options.FromRun is null))
        {
            Console.Error.WriteLine("give either --input (a file, a folder, an s3:// address or an http(s) URL) or --from-run RUN_ID (a backfill)");
            return BadArguments;
        }

        if (options.FromRun is not null && !LakeNames.IsValidRunId(options.FromRun))
        {
            Console.Error.WriteLine($"--from-run '{options.FromRun}' is not a valid run id");
            return BadArguments;
        }

        if (options.Input is { } input && !IsRemote(input) && !File.Exists(input) && !Directory.Exists(input))
        {
            Console.Error.WriteLine($"input '{input}' does not exist");
            return BadArguments;
        }

        using var client = StackClient.Connect(root);
        if (client is null)
        {
            return Failed;
        }

        StartedRun started;
        try
        {
            started = await StartAsync(client, new RunRequest(options.Input, options.Split, options.PartitionSize, options.Reprocess, options.FromRun), cancellationToken);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return BadArguments;
        }

        var (runId, split, source, requestedAt) = started;
        Console.Error.WriteLine($"Started run {runId} ({split}) from {source}");

        if (!options.Wait)
        {
            var current = await client.Ledger.GetOrComputeSummaryAsync(runId, client.ReportBaseUrl, cancellationToken);
            if (options.Json)
            {
                Console.Out.WriteLine(RunSummaryJson.Serialize(current ?? Pending(runId, split, requestedAt, client)));
            }
            else
            {
                Console.Out.WriteLine(runId);
            }

            return Succeeded;
        }

        var summary = await FollowAsync(client, runId, TimeSpan.FromSeconds(options.TimeoutSeconds), cancellationToken);
        if (summary is null)
        {
            Console.Error.WriteLine($"Run {runId} is still running after {options.TimeoutSeconds} s; follow it with ./scitldr status {runId}");
            var now = await client.Ledger.GetOrComputeSummaryAsync(runId, client.ReportBaseUrl, cancellationToken) ?? Pending(runId, split, requestedAt, client);
            Report(now, options.Json);
            return Failed;
        }

        Report(summary, options.Json);
        return summary.Status == RunStatus.Succeeded ? Succeeded : Failed;
    }

    public sealed record StartedRun(string RunId, string Split, string Source, DateTimeOffset RequestedAt);

    /// <summary>What to run: an input (local path, s3:// or http(s)://) or an earlier run to backfill from.</summary>
    public sealed record RunRequest(string? Input, string? Split, int PartitionSize, bool Reprocess = false, string? FromRun = null);

    /// <summary>
    /// Starts a run by sending StartRun to the ingestion queue. A local file or folder is uploaded to
    /// <c>landing/uploads/RUN_ID/</c> first (the service only reads S3 and HTTP); s3:// and http(s)://
    /// sources are passed on as they are. Throws ArgumentException for a bad address.
    /// </summary>
    public static async Task<StartedRun> StartAsync(StackClient client, RunRequest request, CancellationToken cancellationToken)
    {
        var split = request.Split ?? (request.Input is null ? SplitNames.Unknown : SplitNames.Resolve(null, request.Input.TrimEnd('/', Path.DirectorySeparatorChar)));
        var runId = RunIds.New(split, DateTimeOffset.UtcNow);
        string source;
        if (request.Input is null)
        {
            source = "";
        }
        else if (request.Input.StartsWith("s3://", StringComparison.Ordinal))
        {
            var trimmed = request.Input.TrimEnd('/');
            var key = S3Location.Parse(trimmed, client.Stack.Bucket, LakeArea.Landing).Key;
            source = $"s3://{client.Stack.Bucket}/{key}{(request.Input.EndsWith('/') ? "/" : "")}";
        }
        else if (IsHttp(request.Input))
        {
            if (!Uri.TryCreate(request.Input, UriKind.Absolute, out var url))
            {
                throw new ArgumentException($"'{request.Input}' is not a valid URL");
            }

            source = url.AbsoluteUri;
        }
        else if (Directory.Exists(request.Input))
        {
            source = await UploadFolderAsync(client, runId, request.Input, cancellationToken);
        }
        else
        {
            var key = LakeLayout.LandingKey($"uploads/{runId}/{Path.GetFileName(request.Input)}");
            await client.Lake.PutFileAsync(key, request.Input, cancellationToken);
            source = $"s3://{client.Stack.Bucket}/{key}";
        }

        var requestedAt = DateTimeOffset.UtcNow;

        // The run's trace starts at this request: the publisher carries the context to ingestion.
        using var trace = new System.Diagnostics.Activity("scitldr run").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C);
        trace.ActivityTraceFlags = System.Diagnostics.ActivityTraceFlags.Recorded;
        trace.Start();
        trace.SetTag("scitldr.run_id", runId);
        await client.Publisher.SendAsync(
            QueueNames.Ingestion,
            new StartRun(runId, source, request.Split ?? (split == SplitNames.Unknown ? null : split), request.PartitionSize, requestedAt, RunTriggers.Request, request.Reprocess, request.FromRun),
            cancellationToken: cancellationToken);
        return new StartedRun(runId, split, request.FromRun is null ? source : $"run {request.FromRun} (backfill)", requestedAt);
    }

    /// <summary>Starts a run on an input (local path, s3:// or http(s)://).</summary>
    public static Task<StartedRun> StartAsync(StackClient client, string input, string? split, int partitionSize, CancellationToken cancellationToken) =>
        StartAsync(client, new RunRequest(input, split, partitionSize), cancellationToken);

    /// <summary>Uploads every file of a folder (recursively, in name order) under one prefix; returns the prefix address.</summary>
    private static async Task<string> UploadFolderAsync(StackClient client, string runId, string folder, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"folder '{folder}' holds no files");
        }

        var prefix = $"uploads/{runId}/";
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            await client.Lake.PutFileAsync(LakeLayout.LandingKey(prefix + relative), file, cancellationToken);
        }

        return $"s3://{client.Stack.Bucket}/{LakeLayout.LandingPrefix}{prefix}";
    }

    private static bool IsHttp(string input) =>
        input.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || input.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static bool IsRemote(string input) => IsHttp(input) || input.StartsWith("s3://", StringComparison.Ordinal);

    /// <summary><c>status RUN_ID</c>: the run's summary, final or as it stands.</summary>
    public static async Task<int> StatusAsync(string root, string runId, bool json, CancellationToken cancellationToken)
    {
        if (!LakeNames.IsValidRunId(runId))
        {
            Console.Error.WriteLine($"'{runId}' is not a valid run id");
            return BadArguments;
        }

        using var client = StackClient.Connect(root);
        if (client is null)
        {
            return Failed;
        }

        var summary = await client.Ledger.GetOrComputeSummaryAsync(runId, client.ReportBaseUrl, cancellationToken);
        if (summary is null)
        {
            Console.Error.WriteLine($"No run '{runId}' in s3://{client.Stack.Bucket}/runs/ (see ./scitldr runs)");
            return Failed;
        }

        Report(summary, json);
        return summary.Status == RunStatus.Failed ? Failed : Succeeded;
    }

    /// <summary><c>runs</c>: the run history, newest first.</summary>
    public static async Task<int> RunsAsync(string root, bool json, CancellationToken cancellationToken)
    {
        using var client = StackClient.Connect(root);
        if (client is null)
        {
            return Failed;
        }

        var summaries = new List<RunSummary>();
        await foreach (var runId in client.Ledger.ListRunIdsAsync(cancellationToken))
        {
            if (await client.Ledger.GetOrComputeSummaryAsync(runId, client.ReportBaseUrl, cancellationToken) is { } summary)
            {
                summaries.Add(summary);
            }
        }

        summaries = summaries.OrderByDescending(s => s.StartedAt).ThenByDescending(s => s.RunId, StringComparer.Ordinal).ToList();
        if (json)
        {
            Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(summaries, RunSummaryJson.Options));
            return Succeeded;
        }

        var table = new Table().AddColumns("run", "split", "status", "papers", "TLDRs", "partitions", "quarantined", "quality", "seconds");
        foreach (var s in summaries)
        {
            table.AddRow(Markup.Escape(s.RunId), Markup.Escape(s.Split ?? ""), Markup.Escape(s.Status), s.Papers.ToString(), s.Tldrs.ToString(),
                s.Partitions.ToString(), s.Quarantine.Values.Sum().ToString(), s.Quality.Passed ? "passed" : "failed", s.DurationSeconds.ToString("0.0"));
        }

        AnsiConsole.Write(table);
        return Succeeded;
    }

    /// <summary>
    /// Follows a run until it is final, showing per stage the partitions done on stderr: a live progress
    /// bar per stage on a terminal, else one line each time a count changes. Null on timeout.
    /// </summary>
    public static async Task<RunSummary?> FollowAsync(StackClient client, string runId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        if (Console.IsErrorRedirected)
        {
            string? last = null;
            while (DateTime.UtcNow < deadline)
            {
                var state = await client.Ledger.GetProgressAsync(runId, cancellationToken);
                var line = string.Join("  ", Stages.All.Select(stage => $"{stage} {state.PartitionsDone[stage]}/{Total(state, stage)?.ToString() ?? "?"}"));
                if (line != last)
                {
                    Console.Error.WriteLine(line);
                    last = line;
                }

                if (state.Finalized)
                {
                    return await client.Ledger.GetSummaryAsync(runId, cancellationToken);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }

            return null;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        RunSummary? final = null;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new CountColumn())
            .StartAsync(async progress =>
            {
                var tasks = Stages.All.ToDictionary(s => s, s => progress.AddTask(s, maxValue: 1));
                while (DateTime.UtcNow < deadline)
                {
                    var state = await client.Ledger.GetProgressAsync(runId, cancellationToken);
                    foreach (var stage in Stages.All)
                    {
                        var total = Total(state, stage);
                        tasks[stage].IsIndeterminate = total is null;
                        tasks[stage].MaxValue = Math.Max(total ?? 1, 1);
                        tasks[stage].Value = state.PartitionsDone[stage];
                    }

                    if (state.Finalized)
                    {
                        final = await client.Ledger.GetSummaryAsync(runId, cancellationToken);
                        return;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                }
            });
        return final;
    }

    /// <summary>How many units a stage has in this run: one for ingestion and reporting, the partitions for the others once known.</summary>
    private static int? Total(RunProgress state, string stage) =>
        stage is Stages.Ingestion or Stages.Reporting ? 1 : state.Partitions;

    public static void Report(RunSummary summary, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(RunSummaryJson.Serialize(summary));
            return;
        }

        var color = summary.Status switch { RunStatus.Succeeded => "green", RunStatus.Failed => "red", _ => "yellow" };
        AnsiConsole.MarkupLine($"Run [bold]{Markup.Escape(summary.RunId)}[/] ({Markup.Escape(summary.Split ?? "")}): [{color}]{summary.Status}[/] in {summary.DurationSeconds:0.0} s");
        AnsiConsole.MarkupLine($"  input lines {summary.Input.Lines}: accepted {summary.Input.Accepted}, quarantined {summary.Input.Quarantined}, blank {summary.Input.Blank}");
        AnsiConsole.MarkupLine($"  papers {summary.Papers}, TLDRs {summary.Tldrs}, partitions {summary.Partitions}");
        if (summary.Quarantine.Count > 0)
        {
            AnsiConsole.MarkupLine("  quarantined by reason: " + Markup.Escape(string.Join(", ", summary.Quarantine.Select(q => $"{q.Key} {q.Value}"))));
        }

        AnsiConsole.MarkupLine($"  quality {(summary.Quality.Passed ? "[green]passed[/]" : "[red]failed[/]")}: " +
            Markup.Escape(string.Join(", ", summary.Quality.Rules.Select(r => $"{r.Key} ({r.Value.Severity}) {r.Value.Failed}"))));
        AnsiConsole.MarkupLine($"  means: abstract words {summary.Stats.AbstractWordsMean:0.00}, author TLDR words {summary.Stats.AuthorTldrWordsMean:0.00}, " +
            $"peer-review TLDR words {(summary.Stats.PeerReviewTldrWordsMean is { } p ? p.ToString("0.00") : "—")}, compression {summary.Stats.CompressionMean:0.00}");
        foreach (var failure in summary.Failures)
        {
            AnsiConsole.MarkupLine($"  [red]{Markup.Escape(failure.Stage)} failed{(failure.Partition is { } n ? $" on partition {n}" : "")}:[/] {Markup.Escape(failure.Reason)}");
        }

        if (summary.Stalled is { } stall)
        {
            AnsiConsole.MarkupLine($"  [yellow]stalled since {stall.Since:u}:[/] {Markup.Escape(stall.Reason)} (docs/runbook.md)");
        }

        AnsiConsole.MarkupLine($"  lake: {Markup.Escape(summary.Outputs.Lake ?? "")}   report: {Markup.Escape(summary.Outputs.Report ?? "")}");
    }

    /// <summary>Sortable, unique and a valid Hive partition value: <c>20261124T093000Z-dev-1a2b3c</c>.</summary>
    private static RunSummary Pending(string runId, string split, DateTimeOffset requestedAt, StackClient client) => new()
    {
        RunId = runId,
        Status = RunStatus.Running,
        Split = split,
        Input = new RunInputCounts(0, 0, 0, 0),
        Quarantine = new Dictionary<string, long>(),
        Quality = new RunQuality(true, new Dictionary<string, RuleSummary>()),
        Stats = RunStats.From(PartitionStats.Empty),
        Outputs = RunOutputs.For(client.Stack.Bucket, client.ReportBaseUrl, runId),
        StartedAt = requestedAt,
    };
}
