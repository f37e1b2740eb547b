using SciTldr.Ingestion.Consumers;
using SciTldr.Messaging;
using SciTldr.Messaging.Hosting;

namespace SciTldr.Ingestion;

public static class IngestionServiceExtensions
{
    public static IServiceCollection AddIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestionOptions>()
            .Bind(configuration.GetSection(IngestionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services.AddSqsMessaging(configuration, messaging =>
            messaging.ReceiveFrom(QueueNames.Ingestion, queue => queue.Consumer<StartRunConsumer, StartRunConsumerDefinition>()));
    }
}
