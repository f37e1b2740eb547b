using SciTldr.Cli.Stack;
using SciTldr.Domain.Runs;

namespace SciTldr.Cli.Commands;

/// <summary>
/// <c>demo</c>, the main job: brings up the local stack (unless one is running), runs the pipeline on
/// the bundled SciTLDR-A train and dev splits, prints their summaries and where to look next.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(string root, int partitionSize, CancellationToken cancellationToken)
    {
        if (StackFile.TryRead(root) is not { } stack || !ChildProcess.IsAlive(stack.Emulator.Pid))
        {
            var up = await UpDownCommands.UpAsync(root, new UpDownCommands.UpOptions(Detach: true, StackDefaults.EmulatorPort, StackDefaults.FirstServicePort, Persist: true), cancellationToken);
            if (up != 0)
            {
                return up;
            }

            stack = StackFile.TryRead(root)!;
        }

        using var client = new StackClient(stack);
        var data = Path.Combine(root, "data", "scitldr", "SciTLDR-A");
        var failed = false;
        foreach (var split in new[] { "train", "dev" })
        {
            var options = new RunCommands.RunOptions(Path.Combine(data, $"{split}.jsonl"), split, partitionSize, Wait: true, Json: false, TimeoutSeconds: 600);
            var code = await RunCommands.RunAsync(root, options, cancellationToken);
            failed |= code != RunCommands.Succeeded;
        }

        Console.Out.WriteLine();
        Console.Out.WriteLine($"Dashboard:               {stack.Dashboard}  (Overview, TLDR insights, Quality, Runs; filter by split and run)");
        Console.Out.WriteLine($"Static reports:          s3://{stack.Bucket}/reports/<run id>/index.html (the same dashboard, data bundled)");
        Console.Out.WriteLine($"Run summaries as JSON:   {stack.Services[Contracts.Stages.Reporting].Url}/runs  or  ./scitldr runs --json");
        Console.Out.WriteLine($"Data lake:               s3://{stack.Bucket} on {stack.AwsEndpoint} (bronze/, silver/, quality/, quarantine/, gold/, reports/, runs/)");
        Console.Out.WriteLine($"Service logs:            {Path.Combine(RepositoryRoot.StateDirectory(root), "logs")}/<service>.log");
        Console.Out.WriteLine("The stack keeps running; stop it with ./scitldr down");
        return failed ? RunCommands.Failed : RunCommands.Succeeded;
    }

    public static bool IsFinal(RunSummary summary) => summary.Status != RunStatus.Running;
}
