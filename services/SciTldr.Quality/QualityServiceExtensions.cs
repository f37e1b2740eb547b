using SciTldr.Domain.Quality.RunLevel;
using SciTldr.Domain.Quality.Rulesets;
using SciTldr.Messaging;
using SciTldr.Messaging.Hosting;
using SciTldr.Quality.Alerts;
using SciTldr.Quality.Consumers;
using SciTldr.Quality.Rulesets;
using SciTldr.Quality.RunLevel;

namespace SciTldr.Quality;

public static class QualityServiceExtensions
{
    public static IServiceCollection AddQuality(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IColumnAccess>(ColumnCatalog.Access);
        services.AddQualityAlerts(configuration);
        return services.AddQualityRuleset(configuration).AddSqsMessaging(configuration, messaging =>
            messaging.ReceiveFrom(QueueNames.Quality, queue => queue
                .Consumer<CheckPartitionConsumer>()
                .Consumer<CheckRunConsumer>()));
    }
}
