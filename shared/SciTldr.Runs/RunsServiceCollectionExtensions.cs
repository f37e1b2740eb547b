using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SciTldr.Runs;

public static class RunsServiceCollectionExtensions
{
    /// <summary>Adds the run ledger (needs the lake: <c>AddLake</c>).</summary>
    public static IServiceCollection AddRunLedger(this IServiceCollection services)
    {
        services.TryAddSingleton<RunLedger>();
        return services;
    }
}
