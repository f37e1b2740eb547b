using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace SciTldr.Cli.Stack;

/// <summary>
/// A child process of the local stack. Attached, its output lines go to a sink (prefixed by the
/// caller); detached, its output goes to a log file and it outlives this process.
/// </summary>
public sealed partial class ChildProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The first address the process announced (<c>Now listening on: …</c> or <c>fauxqs listening on …</c>).</summary>
    public Task<string> Listening => _listening.Task;

    /// <summary>The last lines it printed, for error messages.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory, Action<string, string>? sink, string? logFile)
    {
        ProcessStartInfo start;
        if (logFile is null)
        {
            start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            // exec keeps the pid; output goes to the file so the process outlives this one without a pipe.
            start = new ProcessStartInfo("/bin/sh");
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$SCITLDR_LOG_FILE\" 2>&1 </dev/null");
            start.ArgumentList.Add(fileName);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["SCITLDR_LOG_FILE"] = logFile;
        }

        start.UseShellExecute = false;
        start.WorkingDirectory = workingDirectory;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name} ({fileName})");
        var child = new ChildProcess(name, process);
        if (logFile is null)
        {
            process.OutputDataReceived += (_, e) => child.OnLine(e.Data, sink);
            process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, sink);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return child;
    }

    /// <summary>Asks the process to stop (SIGTERM), then kills it if it has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        Signal(_process.Id, SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public void Dispose() => _process.Dispose();

    /// <summary>Sends a signal to a process by id; false when there is no such process.</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>
    /// True when the process exists and is not a zombie: a killed detached service waits as a zombie
    /// until its new parent reaps it, and signal 0 still reaches zombies.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0 || Kill(pid, 0) != 0)
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..];
            return !state.StartsWith('Z') && !state.StartsWith('X');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    public static void Terminate(int pid) => Signal(pid, SigTerm);

    public static void ForceKill(int pid) => Signal(pid, SigKill);

    private void OnLine(string? line, Action<string, string>? sink)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }

        if (!_listening.Task.IsCompleted && ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(match.Groups[1].Value);
        }

        sink?.Invoke(Name, line);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [GeneratedRegex(@"(?:Now listening on:|fauxqs listening on) (http://[^\s""]+)")]
    private static partial Regex ListeningLine();
}
