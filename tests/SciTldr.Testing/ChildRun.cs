using System.ComponentModel;
using System.Diagnostics;

namespace SciTldr.Testing;

/// <summary>What a command printed and how it ended.</summary>
public sealed record ChildRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Runs a command to its end (killed after <paramref name="timeout"/>, default 5 min); null when it cannot be started at all.</summary>
    public static async Task<ChildRun?> RunAsync(
        string command,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryPaths.Root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            return null;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{command} {string.Join(' ', start.ArgumentList)} did not finish within {timeout ?? TimeSpan.FromMinutes(5)}");
            }

            return new ChildRun(process.ExitCode, await stdout, await stderr);
        }
    }

    /// <summary>The CLI (scitldr.dll, copied beside every test project that references it) with its state in <paramref name="stateDirectory"/>.</summary>
    public static Task<ChildRun?> CliAsync(string stateDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["SCITLDR_ROOT"] = RepositoryPaths.Root,
            ["SCITLDR_STATE_DIR"] = stateDirectory,
        };
        return RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "scitldr.dll"), .. arguments], variables, timeout);
    }
}
