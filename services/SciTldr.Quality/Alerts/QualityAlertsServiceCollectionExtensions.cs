using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SciTldr.Quality.Alerts;

public static class QualityAlertsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IQualityAlerts"/>: <see cref="AlertOptions"/> from <c>Quality:Alerts</c> (validated
    /// on start, so a malformed <c>Quality:Alerts:WebhookUrl</c> stops the service), the alert counters, and the
    /// background sender of webhook messages. Expects the lake (<c>AddServiceDefaults</c> registers it).
    /// </summary>
    public static IServiceCollection AddQualityAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>()
            .Bind(configuration.GetSection(AlertOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AlertMetrics>();
        services.TryAddSingleton<AlertQueue>();
        services.TryAddSingleton<IQualityAlerts, QualityAlerts>();
        services.AddHostedService<WebhookSender>();
        return services;
    }
}
