using System.Diagnostics;

namespace SciTldr.Cli.Stack;

/// <summary>Installs the emulator's npm packages (tools/install.sh: node@22 + fauxqs) when missing.</summary>
public static class EmulatorInstall
{
    public static async Task EnsureAsync(string root, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", Path.Combine(root, "tools", "install.sh"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var install = Process.Start(start) ?? throw new StackException("could not run tools/install.sh");
        var output = install.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await install.StandardError.ReadToEndAsync(cancellationToken);
        await install.WaitForExitAsync(cancellationToken);
        if (install.ExitCode != 0)
        {
            throw new StackException($"installing the emulator (tools/install.sh) failed: {error}{await output}");
        }
    }
}
