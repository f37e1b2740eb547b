using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using SciTldr.Cli.Stack;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.Rulesets;
using SciTldr.Domain.Quality.RunLevel;
using SciTldr.Domain.Runs;
using SciTldr.Domain.Silver;
using SciTldr.Ingestion.Records;
using SciTldr.Ingestion.Runs;
using SciTldr.Lake;
using SciTldr.Transformation.Transform;

namespace SciTldr.Cli.Commands;

/// <summary>
/// <c>bench --papers N</c> (interfaces.md): synthetic data through a fresh local stack, with per-stage
/// throughput, the end-to-end time, every service's peak memory, and the distribution overhead: the
/// end-to-end time over the time the same stage code takes in this one process, in memory.
/// </summary>
public static class BenchCommand
{
    public sealed record StageFigures(double PapersPerSecond, double Seconds);

    public sealed record Result(
        int Papers,
        int PartitionSize,
        double EndToEndSeconds,
        double UploadSeconds,
        IReadOnlyDictionary<string, StageFigures> Stages,
        IReadOnlyDictionary<string, long> PeakRssMb,
        IReadOnlyDictionary<string, double> CpuSeconds,
        double InProcessSeconds,
        IReadOnlyDictionary<string, double> InProcessStageSeconds,
        double DistributionOverhead,
        string RunId,
        string Status,
        bool Reconciled,
        string Input,
        IReadOnlyDictionary<string, int> Instances,
        IReadOnlyDictionary<string, IReadOnlyList<int>> PartitionsByInstance,
        double DefectRate = 0,
        IReadOnlyDictionary<string, long>? DefectsInjected = null,
        IReadOnlyList<string>? DefectMismatches = null);

    /// <summary>Most instances of one service a bench starts (each is a process on this machine).</summary>
    public const int MaxInstances = 8;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <param name="scale">Instances per service (<c>--scale transformation=2</c>); one for those not named.</param>
    /// <param name="defectRate">Share of generated lines given a defect (<c>generate --defect-rate</c>); the run must count each exactly.</param>
    public static async Task<int> RunAsync(string root, int papers, int seed, int partitionSize, IReadOnlyList<string> scale, double defectRate, bool json, CancellationToken cancellationToken)
    {
        if (papers < 1 || partitionSize < 1 || defectRate is < 0 or > 1)
        {
            Console.Error.WriteLine("--papers and --partition-size must be at least 1, --defect-rate within [0, 1]");
            return 2;
        }

        if (ParseScale(scale) is not { } instances)
        {
            return 2;
        }

        var (input, generated) = await DataAsync(root, papers, seed, defectRate, cancellationToken);
        var inProcess = await InProcessAsync(root, input, partitionSize, cancellationToken);
        Console.Error.WriteLine($"in one process: {inProcess.Total:0.00} s ({string.Join(", ", inProcess.Stages.Select(s => $"{s.Key} {s.Value:0.00} s"))})");

        var result = await DistributedAsync(root, input, papers, partitionSize, instances, inProcess, generated, cancellationToken);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(result, Json));
        }
        else
        {
            Print(result);
        }

        return result.Status == RunStatus.Succeeded && result.Reconciled && result.DefectMismatches is not { Count: > 0 } ? 0 : 1;
    }

    /// <summary>Reads <c>service=N</c> pairs; null (after saying why) when one is not a service or not 1..<see cref="MaxInstances"/>.</summary>
    internal static Dictionary<string, int>? ParseScale(IReadOnlyList<string> scale)
    {
        var instances = Contracts.Stages.All.ToDictionary(s => s, _ => 1, StringComparer.Ordinal);
        foreach (var item in scale.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var parts = item.Split('=', 2);
            if (parts.Length != 2 || !instances.ContainsKey(parts[0])
                || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
                || count is < 1 or > MaxInstances)
            {
                Console.Error.WriteLine($"--scale '{item}': expected SERVICE=N with SERVICE one of {string.Join(", ", Contracts.Stages.All)} and N from 1 to {MaxInstances}");
                return null;
            }

            instances[parts[0]] = count;
        }

        return instances;
    }

    /// <summary>
    /// The synthetic input of this size, seed and defect rate, generated once into .scitldr/bench/ and reused,
    /// with the generator's report (what was injected) beside it.
    /// </summary>
    private static async Task<(string Path, GenerateCommand.GenerateReport Report)> DataAsync(string root, int papers, int seed, double defectRate, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(RepositoryRoot.StateDirectory(root), "bench");
        Directory.CreateDirectory(folder);
        var name = defectRate == 0 ? $"scitldr-{papers}-seed{seed}" : $"scitldr-{papers}-seed{seed}-defects{defectRate.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}";
        var path = Path.Combine(folder, name + ".jsonl");
        var reportPath = path + ".report.json";
        if (File.Exists(path) && File.Exists(reportPath)
            && JsonSerializer.Deserialize<GenerateCommand.GenerateReport>(await File.ReadAllTextAsync(reportPath, cancellationToken), JsonSerializerOptions.Web) is { } existing)
        {
            return (path, existing with { Out = path });
        }

        Console.Error.WriteLine($"generating {papers:N0} papers (seed {seed}, defect rate {defectRate}) into {path}");
        var partial = path + ".partial";
        var report = await GenerateCommand.GenerateAsync(Path.Combine(root, "data", "scitldr", "SciTLDR-A"), papers, seed, partial, defectRate, cancellationToken);
        File.Move(partial, path, overwrite: true);
        report = report with { Out = path };
        await File.WriteAllTextAsync(reportPath, JsonSerializer.Serialize(report, JsonSerializerOptions.Web), cancellationToken);
        return (path, report);
    }

    private sealed record InProcess(double Total, IReadOnlyDictionary<string, double> Stages);

    /// <summary>
    /// The stages' own code on the same file, partition by partition, with no queue and no lake: classify and
    /// gzip the lines (ingestion), transform to silver Parquet (transformation), read it back and check the
    /// partition rules and statistics, then the run-level rules over the whole run (quality), merge the
    /// statistics into the gold aggregates (reporting).
    /// </summary>
    private static async Task<InProcess> InProcessAsync(string root, string input, int partitionSize, CancellationToken cancellationToken)
    {
        var ruleset = RulesetLoader.Load(Path.Combine(root, "services", "SciTldr.Quality", "Rules", "scitldr-quality.yaml"));
        var watch = new Dictionary<string, Stopwatch>(StringComparer.Ordinal);
        foreach (var stage in Contracts.Stages.All)
        {
            watch[stage] = new Stopwatch();
        }

        var total = Stopwatch.StartNew();
        using var classifier = new LineClassifier(JsonlLineReader.DefaultMaxLineBytes);
        var merger = new PartitionStats.Merger();
        using var runLevel = new RunLevelChecker(ruleset, ColumnCatalog.Access);
        var lines = 0L;
        var quarantined = 0L;
        var bronze = BronzeParts.NewWriter();
        var records = 0;

        async Task FlushAsync()
        {
            using var part = new MemoryStream();
            await bronze.CompleteAsync(part, cancellationToken);
            await bronze.DisposeAsync();
            var bytes = part.ToArray();
            watch[Contracts.Stages.Ingestion].Stop();

            watch[Contracts.Stages.Transformation].Start();
            var silver = await PartitionTransform.RunAsync(new MemoryStream(bytes, writable: false), "bench", records, cancellationToken);
            watch[Contracts.Stages.Transformation].Stop();

            watch[Contracts.Stages.Quality].Start();
            var papers = await SilverParquet.ReadPapersAsync(new MemoryStream(silver.Papers, writable: false), cancellationToken);
            var tldrs = await SilverParquet.ReadTldrsAsync(new MemoryStream(silver.Tldrs, writable: false), cancellationToken);
            var checkedPartition = PartitionQualityChecker.Check(papers, tldrs, ruleset);
            quarantined += papers.Count - checkedPartition.PassingPapers.Count;
            runLevel.Add(papers, tldrs);
            var stats = PartitionStats.From(checkedPartition.PassingPapers, checkedPartition.PassingTldrs);
            watch[Contracts.Stages.Quality].Stop();

            // The merge is reporting's work in the stack (its finalizer), so it counts as reporting's here.
            watch[Contracts.Stages.Reporting].Start();
            merger.Add(stats);
            watch[Contracts.Stages.Reporting].Stop();

            watch[Contracts.Stages.Ingestion].Start();
            bronze = BronzeParts.NewWriter();
            records = 0;
        }

        watch[Contracts.Stages.Ingestion].Start();
        await using (var file = File.OpenRead(input))
        await using (var reader = new JsonlLineReader(file))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                lines++;
                if (classifier.Classify(reader.Current).Kind != LineOutcomeKind.Accepted)
                {
                    quarantined++;
                    continue;
                }

                bronze.WriteLine(reader.Current.Bytes);
                if (++records == partitionSize)
                {
                    await FlushAsync();
                }
            }
        }

        if (records > 0)
        {
            await FlushAsync();
        }

        await bronze.DisposeAsync();
        watch[Contracts.Stages.Ingestion].Stop();
        watch[Contracts.Stages.Quality].Start();
        var now = DateTimeOffset.UtcNow;
        _ = runLevel.Finish(runLevel.Metrics("bench", "bench", lines, quarantined, now), [], now);
        watch[Contracts.Stages.Quality].Stop();
        watch[Contracts.Stages.Reporting].Start();
        var merged = merger.Result();
        _ = GoldAggregates.From("bench", "bench", merged, new RunQuality(true, new Dictionary<string, RuleSummary>()));
        watch[Contracts.Stages.Reporting].Stop();
        total.Stop();
        return new InProcess(total.Elapsed.TotalSeconds, watch.ToDictionary(w => w.Key, w => Math.Round(w.Value.Elapsed.TotalSeconds, 3)));
    }

    /// <summary>A fresh stack of its own (free ports, lake objects on disk), the run, the figures, and the stack stopped again.</summary>
    private static async Task<Result> DistributedAsync(string root, string input, int papers, int partitionSize, IReadOnlyDictionary<string, int> instances, InProcess inProcess, GenerateCommand.GenerateReport generated, CancellationToken cancellationToken)
    {
        var state = Path.Combine(RepositoryRoot.StateDirectory(root), "bench", "stack");
        if (Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
        }

        await using var launcher = new StackLauncher(new StackSettings
        {
            Root = root,
            EmulatorPort = 0,
            FirstServicePort = 0,
            EmulatorS3Dir = Path.Combine(state, "s3"),
            LogDirectory = Path.Combine(state, "logs"),
        });
        Console.Error.WriteLine("starting a stack of its own for the benchmark…");
        try
        {
            await launcher.StartAsync(cancellationToken);
            foreach (var (service, count) in instances)
            {
                for (var i = 1; i < count; i++)
                {
                    await launcher.StartReplicaAsync(service, cancellationToken);
                }
            }

            var (result, summary) = await MeasureAsync(launcher, input, papers, partitionSize, inProcess, cancellationToken);
            return result with
            {
                DefectRate = generated.Defects.Values.Sum() == 0 ? 0 : Math.Round((double)generated.Defects.Values.Sum() / generated.Lines, 4),
                DefectsInjected = generated.Defects,
                DefectMismatches = GenerateCommand.Mismatches(generated, summary),
            };
        }
        finally
        {
            // With a log directory the launcher leaves its processes running when disposed (that is `up --detach`);
            // the benchmark's stack is its own and goes with it.
            await launcher.StopAsync();
        }
    }

    private static async Task<(Result Result, RunSummary Summary)> MeasureAsync(StackLauncher launcher, string input, int papers, int partitionSize, InProcess inProcess, CancellationToken cancellationToken)
    {
        var stack = launcher.Describe();
        using var client = new StackClient(stack);

        // Every process of each service (its first instance, then any replicas), and the emulator's.
        var pids = stack.Services.ToDictionary(
            service => service.Key,
            service => (List<int>)[service.Value.Pid, .. launcher.Replicas.Where(r => r.Service == service.Key).Select(r => r.Process.Pid)],
            StringComparer.Ordinal);
        pids["emulator"] = [stack.Emulator.Pid];
        var cpuBefore = pids.ToDictionary(p => p.Key, p => p.Value.Sum(CpuSeconds), StringComparer.Ordinal);
        var uploadWatch = Stopwatch.StartNew();
        var run = await RunCommands.StartAsync(client, new RunCommands.RunRequest(input, "bench", partitionSize), cancellationToken);
        uploadWatch.Stop();
        Console.Error.WriteLine($"run {run.RunId}: uploaded in {uploadWatch.Elapsed.TotalSeconds:0.0} s; waiting for it…");

        RunSummary? summary = null;
        while (summary is null)
        {
            await Task.Delay(250, cancellationToken);
            summary = await client.Ledger.GetSummaryAsync(run.RunId, cancellationToken);
        }

        using var http = new HttpClient();
        var timeline = await http.GetFromJsonAsync<JsonElement>($"{client.ReportBaseUrl}/api/runs/{run.RunId}/timeline", cancellationToken);
        var stages = new Dictionary<string, StageFigures>(StringComparer.Ordinal);
        var byInstance = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        foreach (var stage in timeline.GetProperty("stages").EnumerateArray())
        {
            var name = stage.GetProperty("stage").GetString()!;
            var seconds = stage.GetProperty("seconds") is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : double.NaN;
            stages[name] = new StageFigures(seconds > 0 ? Math.Round(summary.Papers / seconds) : 0, seconds);

            // Which process did each partition is in its stage marker (`host/pid`); the timeline counts them per stage.
            if (stage.TryGetProperty("workers", out var workers) && workers.ValueKind == JsonValueKind.Object)
            {
                var byPid = workers.EnumerateObject()
                    .GroupBy(w => w.Name[(w.Name.LastIndexOf('/') + 1)..], StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Sum(w => w.Value.GetInt32()), StringComparer.Ordinal);
                byInstance[name] = [.. pids[name].Select(pid => byPid.GetValueOrDefault(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
            }
        }

        // A service's peak is its biggest instance's (each is its own container in ECS); its CPU is all of theirs.
        var peak = stack.Services.Keys.ToDictionary(service => service, service => pids[service].Max(PeakRssMb), StringComparer.Ordinal);
        var cpu = pids.ToDictionary(p => p.Key, p => Math.Round(p.Value.Sum(CpuSeconds) - cpuBefore[p.Key], 2), StringComparer.Ordinal);

        return (new Result(
            papers,
            partitionSize,
            summary.DurationSeconds,
            Math.Round(uploadWatch.Elapsed.TotalSeconds, 3),
            stages,
            peak,
            cpu,
            Math.Round(inProcess.Total, 3),
            inProcess.Stages,
            // From the figures as reported, so the three numbers of the result agree with each other.
            Math.Round(summary.DurationSeconds / Math.Round(inProcess.Total, 3), 2),
            run.RunId,
            summary.Status,
            summary.IsReconciled,
            input,
            stack.Services.Keys.ToDictionary(service => service, service => pids[service].Count, StringComparer.Ordinal),
            byInstance), summary);
    }

    /// <summary>CPU time (user + system) the process has used so far, in seconds; 0 where /proc does not say.</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return 0;
        }

        // Fields after the parenthesised command name: state is field 3, utime and stime are fields 14 and 15 (clock ticks, 100 a second).
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>The process's high-water mark of resident memory (VmHWM), in MB; -1 where /proc does not say.</summary>
    private static long PeakRssMb(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return -1;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    private static void Print(Result result)
    {
        Console.Out.WriteLine($"{result.Papers:N0} papers, partitions of {result.PartitionSize:N0}: run {result.RunId} {result.Status}{(result.Reconciled ? ", counts reconciled" : ", COUNTS DO NOT RECONCILE")}");
        Console.Out.WriteLine($"end to end      {result.EndToEndSeconds,8:0.00} s   (+ {result.UploadSeconds:0.00} s upload by the CLI)");
        Console.Out.WriteLine($"in one process  {result.InProcessSeconds,8:0.00} s   distribution overhead {result.DistributionOverhead:0.00}x");
        if (result.DefectsInjected is { } injected && injected.Values.Sum() > 0)
        {
            Console.Out.WriteLine(result.DefectMismatches is { Count: > 0 } mismatches
                ? $"defects         {injected.Values.Sum():N0} injected; THE RUN DOES NOT COUNT THEM: {string.Join("; ", mismatches)}"
                : $"defects         {injected.Values.Sum():N0} injected ({result.DefectRate:P2} of lines), each quarantined or flagged exactly as the generator reported");
        }
        foreach (var (stage, figures) in result.Stages)
        {
            var scaled = result.Instances.GetValueOrDefault(stage, 1) > 1
                ? $"   {result.Instances[stage]} instances" + (result.PartitionsByInstance.TryGetValue(stage, out var split) ? $", partitions {string.Join(" + ", split)}" : "")
                : "";
            Console.Out.WriteLine($"  {stage,-15} {figures.PapersPerSecond,10:N0} papers/s over {figures.Seconds:0.00} s   peak RSS {result.PeakRssMb.GetValueOrDefault(stage),4} MB   CPU {result.CpuSeconds.GetValueOrDefault(stage),6:0.00} s   in one process {result.InProcessStageSeconds.GetValueOrDefault(stage):0.00} s{scaled}");
        }

        Console.Out.WriteLine($"  {"emulator",-15} CPU {result.CpuSeconds.GetValueOrDefault("emulator"):0.00} s (SQS/S3 for everyone)");
    }
}
