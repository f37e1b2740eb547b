using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SciTldr.Domain;
using SciTldr.Lake;

namespace SciTldr.ServiceDefaults;

/// <summary>
/// At start, deletes the scratch directories and spool files a killed process left in the temp directory
/// (nothing written to them for a day; see <see cref="ScratchDirectory.SweepStale"/>), so that a machine
/// running the stack as plain processes does not fill up with them. In a container they go with it anyway.
/// </summary>
public sealed class ScratchSweeper(ILogger<ScratchSweeper> logger, TimeProvider? clock = null) : IHostedService
{
    /// <summary>Scratch files untouched for this long are abandoned.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(24);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Off the start-up path: a big temp directory must not delay readiness.
        _ = Task.Run(Sweep, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Sweep()
    {
        try
        {
            var deleted = ScratchDirectory.SweepStale(Path.GetTempPath(), StaleAfter, (clock ?? TimeProvider.System).GetUtcNow(), SpoolFiles.Pattern);
            foreach (var path in deleted)
            {
                logger.LogInformation("Deleted {Path}: scratch left by a process that stopped more than {Hours} h ago", path, StaleAfter.TotalHours);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not sweep stale scratch files in {TempPath}", Path.GetTempPath());
        }
    }
}
