using SciTldr.Messaging;
using SciTldr.Messaging.Hosting;
using SciTldr.Transformation.Consumers;

namespace SciTldr.Transformation;

public static class TransformationServiceExtensions
{
    public static IServiceCollection AddTransformation(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSqsMessaging(configuration, messaging =>
            messaging.ReceiveFrom(QueueNames.Transformation, queue => queue.Consumer<TransformPartitionConsumer, TransformPartitionConsumerDefinition>()));
}
