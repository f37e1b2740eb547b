using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SciTldr.Runs;

public static class RunsServiceCollectionExtensions
{
    /// <summary>Adds the run ledger (needs the lake: <c>AddLake</c>); <c>Runs:StallAfterMinutes</c> sets when a run without progress shows as stalled.</summary>
    public static IServiceCollection AddRunLedger(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration? configuration = null)
    {
        services.TryAddSingleton(provider =>
        {
            var minutes = configuration?["Runs:StallAfterMinutes"] is { } text && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : SummaryBuilder.DefaultStallAfter.TotalMinutes;
            return new RunLedger(provider.GetRequiredService<SciTldr.Lake.S3Lake>()) { StallAfter = TimeSpan.FromMinutes(minutes) };
        });
        return services;
    }
}
