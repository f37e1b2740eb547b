using SciTldr.Messaging;
using SciTldr.Messaging.Hosting;
using SciTldr.Quality.Consumers;

namespace SciTldr.Quality;

public static class QualityServiceExtensions
{
    public static IServiceCollection AddQuality(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSqsMessaging(configuration, messaging =>
            messaging.ReceiveFrom(QueueNames.Quality, queue => queue.Consumer<CheckPartitionConsumer>()));
}
