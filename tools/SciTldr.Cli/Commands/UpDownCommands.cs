using System.Runtime.InteropServices;
using SciTldr.Cli.Stack;
using Spectre.Console;

namespace SciTldr.Cli.Commands;

public static class UpDownCommands
{
    private static readonly Dictionary<string, string> Colors = new(StringComparer.Ordinal)
    {
        ["emulator"] = "grey",
        ["ingestion"] = "cyan",
        ["transformation"] = "magenta",
        ["quality"] = "yellow",
        ["reporting"] = "green",
    };

    public sealed record UpOptions(bool Detach, int EmulatorPort, int FirstServicePort, bool Persist);

    /// <summary><c>up</c>: starts the emulator and the four services; foreground until Ctrl-C, or detached.</summary>
    public static async Task<int> UpAsync(string root, UpOptions options, CancellationToken cancellationToken)
    {
        if (StackFile.TryRead(root) is { } existing && ChildProcess.IsAlive(existing.Emulator.Pid))
        {
            Console.Error.WriteLine($"A stack is already running (dashboard {existing.Dashboard}); stop it with ./scitldr down first.");
            return 1;
        }

        // Lake objects live on disk, not in the emulator's memory, so a large input does not grow it; a
        // stack without --persist starts from an empty lake.
        var state = RepositoryRoot.StateDirectory(root);
        var s3Directory = Path.Combine(state, options.Persist ? "emulator-data" : "", "s3");
        if (!options.Persist && Directory.Exists(s3Directory))
        {
            Directory.Delete(s3Directory, recursive: true);
        }

        var settings = new StackSettings
        {
            Root = root,
            EmulatorS3Dir = s3Directory,
            EmulatorPort = options.EmulatorPort,
            FirstServicePort = options.FirstServicePort,
            EmulatorDataDir = options.Persist ? Path.Combine(RepositoryRoot.StateDirectory(root), "emulator-data") : null,
            LogDirectory = options.Detach ? Path.Combine(RepositoryRoot.StateDirectory(root), "logs") : null,
            Sink = options.Detach ? null : Print,
        };
        var launcher = new StackLauncher(settings);
        try
        {
            Console.Error.WriteLine("Starting the SQS/S3 emulator and the four services…");
            await launcher.StartAsync(cancellationToken);
        }
        catch (StackException ex)
        {
            Console.Error.WriteLine($"The stack did not start: {ex.Message}");
            await launcher.StopAsync();
            return 1;
        }

        var stack = launcher.Describe();
        stack.Write(root);
        PrintStack(stack, options.Detach ? settings.LogDirectory : null);
        if (options.Detach)
        {
            return 0;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            var exited = await launcher.AnyExitAsync(stop.Token);
            Console.Error.WriteLine($"{exited.Name} exited with code {exited.ExitCode}; stopping the stack.");
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Stopping the stack…");
        }

        await launcher.StopAsync();
        File.Delete(StackFile.PathUnder(root));
        await launcher.DisposeAsync();
        return 0;
    }

    /// <summary><c>down</c>: stops what <c>up --detach</c> started, services first (they drain), then the emulator.</summary>
    public static async Task<int> DownAsync(string root)
    {
        var stack = StackFile.TryRead(root);
        if (stack is null)
        {
            Console.Error.WriteLine("No stack is running (no .scitldr/stack.json).");
            return 0;
        }

        await Task.WhenAll(stack.Services.Select(s => StopPidAsync(s.Key, s.Value.Pid)));
        await StopPidAsync("emulator", stack.Emulator.Pid);
        File.Delete(StackFile.PathUnder(root));
        Console.Error.WriteLine("Stack stopped.");
        return 0;
    }

    public static void PrintStack(StackFile stack, string? logDirectory)
    {
        Console.Error.WriteLine($"Stack is up. Emulator (SQS + S3): {stack.AwsEndpoint}  bucket: {stack.Bucket}");
        foreach (var (name, service) in stack.Services)
        {
            Console.Error.WriteLine($"  {name,-15} {service.Url}  (pid {service.Pid})");
        }

        Console.Error.WriteLine($"Dashboard: {stack.Dashboard}");
        if (logDirectory is not null)
        {
            Console.Error.WriteLine($"Logs: {logDirectory}/<service>.log   Stop with: ./scitldr down");
        }
    }

    private static async Task StopPidAsync(string name, int pid)
    {
        if (pid <= 0 || !ChildProcess.IsAlive(pid))
        {
            return;
        }

        ChildProcess.Terminate(pid);
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (ChildProcess.IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        if (ChildProcess.IsAlive(pid))
        {
            Console.Error.WriteLine($"{name} (pid {pid}) did not stop in time; killing it.");
            ChildProcess.ForceKill(pid);
        }
    }

    private static readonly Lock PrintLock = new();

    private static void Print(string service, string line)
    {
        lock (PrintLock)
        {
            AnsiConsole.MarkupLine($"[{Colors.GetValueOrDefault(service, "white")}]{Markup.Escape($"{service,-14}|")}[/] {Markup.Escape(line)}");
        }
    }
}
