using System.CommandLine;
using SciTldr.Cli.Commands;
using SciTldr.Cli.Stack;

var root = RepositoryRoot.Find();
if (Console.IsOutputRedirected)
{
    // Spectre wraps at 80 columns when it cannot see a terminal; logs and CI read better unwrapped.
    Spectre.Console.AnsiConsole.Profile.Width = 400;
}

var detach = new Option<bool>("--detach") { Description = "Return once every process is healthy and leave them running (stop with `down`)" };
var emulatorPort = new Option<int>("--emulator-port") { Description = "Port of the SQS/S3 emulator", DefaultValueFactory = _ => StackDefaults.EmulatorPort };
var port = new Option<int>("--port") { Description = "Port of the first service (ingestion); the others follow", DefaultValueFactory = _ => StackDefaults.FirstServicePort };
var persist = new Option<bool>("--persist") { Description = "Keep the emulator's queues and objects in .scitldr/emulator-data across restarts" };
var up = new Command("up", "Start the local stack: the SQS/S3 emulator and the four services as separate processes") { detach, emulatorPort, port, persist };
up.SetAction((result, token) => UpDownCommands.UpAsync(root, new UpDownCommands.UpOptions(
    result.GetValue(detach), result.GetValue(emulatorPort), result.GetValue(port), result.GetValue(persist)), token));

var down = new Command("down", "Stop the stack that `up --detach` started");
down.SetAction((_, _) => UpDownCommands.DownAsync(root));

var input = new Option<string?>("--input") { Description = "A .jsonl or .jsonl.gz file or a folder of them (uploaded to landing/uploads/), an s3:// object or prefix under landing/, or an http(s) URL" };
var reprocess = new Option<bool>("--reprocess") { Description = "Read sources even when a bookmark says this version was ingested already" };
var fromRun = new Option<string?>("--from-run") { Description = "Backfill: re-run an earlier run from its bronze data, without reading its sources again" };
var split = new Option<string?>("--split") { Description = "Split name (default: from the file name: train, dev, test; else unknown)" };
var partitionSize = new Option<int>("--partition-size") { Description = "Records per partition", DefaultValueFactory = _ => 1000 };
var wait = new Option<bool>("--wait") { Description = "Follow the run to its end with a progress bar per stage (on stderr)" };
var json = new Option<bool>("--json") { Description = "Print exactly one JSON object on stdout: the run summary" };
var timeout = new Option<int>("--timeout") { Description = "Seconds to wait with --wait", DefaultValueFactory = _ => 900 };
var run = new Command("run", "Start a run on SciTLDR-format data; exit 0 when it succeeded, 1 when it failed, 2 for bad arguments")
{
    input, split, partitionSize, wait, json, timeout, reprocess, fromRun,
};
run.SetAction((result, token) => RunCommands.RunAsync(root, new RunCommands.RunOptions(
    result.GetValue(input), result.GetValue(split), result.GetValue(partitionSize), result.GetValue(wait), result.GetValue(json), result.GetValue(timeout),
    result.GetValue(reprocess), result.GetValue(fromRun)), token));

var runId = new Argument<string>("RUN_ID") { Description = "The run's id, as `run` printed it" };
var statusJson = new Option<bool>("--json") { Description = "Print the run summary as JSON" };
var status = new Command("status", "Show a run's summary") { runId, statusJson };
status.SetAction((result, token) => RunCommands.StatusAsync(root, result.GetValue(runId)!, result.GetValue(statusJson), token));

var runsJson = new Option<bool>("--json") { Description = "Print the run history as a JSON array" };
var runs = new Command("runs", "Run history, newest first") { runsJson };
runs.SetAction((result, token) => RunCommands.RunsAsync(root, result.GetValue(runsJson), token));

var demoPartitionSize = new Option<int>("--partition-size") { Description = "Records per partition", DefaultValueFactory = _ => 250 };
var demo = new Command("demo", "The main job: start the stack, run the bundled SciTLDR-A train and dev splits, show where to look") { demoPartitionSize };
demo.SetAction((result, token) => DemoCommand.RunAsync(root, result.GetValue(demoPartitionSize), token));

var dlqQueue = new Option<string?>("--queue") { Description = "Only this queue's dead letters: ingestion, transformation, quality or reporting" };
var dlqJson = new Option<bool>("--json") { Description = "Print JSON on stdout" };
var dlqRun = new Option<string?>("--run") { Description = "Only the messages of this run" };
var dlqYes = new Option<bool>("--yes") { Description = "Do not ask for confirmation" };
var dlqList = new Command("list", "Dead-lettered messages: message id, type, run, partition, receive count, first failure reason") { dlqQueue, dlqJson };
dlqList.SetAction((result, token) => DlqCommands.ListAsync(root, result.GetValue(dlqQueue), result.GetValue(dlqJson), token));
var dlqRedrive = new Command("redrive", "Move dead letters back to their source queue (all, or one run's)") { dlqQueue, dlqRun, dlqJson };
dlqRedrive.SetAction((result, token) => DlqCommands.RedriveAsync(root, result.GetValue(dlqQueue), result.GetValue(dlqRun), result.GetValue(dlqJson), token));
var dlqPurge = new Command("purge", "Delete every dead letter (asks first unless --yes)") { dlqQueue, dlqYes, dlqJson };
dlqPurge.SetAction((result, token) => DlqCommands.PurgeAsync(root, result.GetValue(dlqQueue), result.GetValue(dlqYes), result.GetValue(dlqJson), token));
var dlq = new Command("dlq", "Inspect and act on the dead-letter queues") { dlqList, dlqRedrive, dlqPurge };

var genPapers = new Option<int>("--papers") { Description = "How many papers (lines)", Required = true };
var genSeed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same file", DefaultValueFactory = _ => 1 };
var genOut = new Option<string>("--out") { Description = "The JSONL file to write (.gz: gzip)", Required = true };
var genDefects = new Option<double>("--defect-rate") { Description = "Share of lines given a defect, each kind equally likely", DefaultValueFactory = _ => 0 };
var genJson = new Option<bool>("--json") { Description = "Print the report (counts by defect kind, expected input counts) as JSON" };
var generate = new Command("generate", "Synthetic SciTLDR-shaped data, resampled from the real records, with exact counts of injected defects") { genPapers, genSeed, genOut, genDefects, genJson };
generate.SetAction((result, token) => GenerateCommand.RunAsync(root, result.GetValue(genPapers), result.GetValue(genSeed), result.GetValue(genOut)!, result.GetValue(genDefects), result.GetValue(genJson), token));

var benchPapers = new Option<int>("--papers") { Description = "Papers of synthetic data (generated once into .scitldr/bench/)", Required = true };
var benchSeed = new Option<int>("--seed") { Description = "Seed of the synthetic data", DefaultValueFactory = _ => 1 };
var benchPartitionSize = new Option<int>("--partition-size") { Description = "Records per partition", DefaultValueFactory = _ => 1000 };
var benchJson = new Option<bool>("--json") { Description = "Print the result as one JSON object (interfaces.md)" };
var benchScale = new Option<string[]>("--scale") { Description = "Instances of a service, SERVICE=N (repeatable; e.g. --scale transformation=2 --scale quality=2)", AllowMultipleArgumentsPerToken = false };
var benchDefects = new Option<double>("--defect-rate") { Description = "Share of generated lines given a defect; the run must count each one exactly (as generate reports them)", DefaultValueFactory = _ => 0 };
var bench = new Command("bench", "Throughput, peak memory per service and distribution overhead of a run on a fresh stack of its own") { benchPapers, benchSeed, benchPartitionSize, benchScale, benchDefects, benchJson };
bench.SetAction((result, token) => BenchCommand.RunAsync(root, result.GetValue(benchPapers), result.GetValue(benchSeed), result.GetValue(benchPartitionSize), result.GetValue(benchScale) ?? [], result.GetValue(benchDefects), result.GetValue(benchJson), token));

var rootCommand = new RootCommand("SciTLDR Analytics Hub: run the pipeline on the local stack") { up, down, run, status, runs, dlq, generate, demo, bench };
var parsed = rootCommand.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    Console.Error.WriteLine("See ./scitldr --help");
    return RunCommands.BadArguments;
}

return await parsed.InvokeAsync();
