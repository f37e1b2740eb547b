using Amazon.SQS;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SciTldr.Messaging.Sqs;

namespace SciTldr.Messaging.Hosting;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SQS edge: options (section <c>Messaging</c>), the SQS client (unless one is registered),
    /// the publisher, MassTransit's mediator with the consumers, and one receive loop per queue.
    /// </summary>
    public static IServiceCollection AddSqsMessaging(this IServiceCollection services, IConfiguration configuration, Action<MessagingBuilder>? configure = null)
    {
        services.AddOptions<MessagingOptions>()
            .Bind(configuration.GetSection(MessagingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IAmazonSQS>(_ => AwsSqsClient.Create(configuration));
        services.TryAddSingleton<SqsQueues>();
        services.TryAddSingleton<IMessagePublisher, SqsPublisher>();
        // ECS sets ECS_AGENT_URI in every task; without it (locally) protection is off.
        services.TryAddSingleton(provider => new TaskProtection(
            configuration["ECS_AGENT_URI"],
            provider.GetRequiredService<ILogger<TaskProtection>>(),
            idleGrace: TimeSpan.FromSeconds(configuration.GetValue<int?>($"{MessagingOptions.Section}:ProtectionIdleSeconds") ?? 10)));

        var builder = new MessagingBuilder();
        configure?.Invoke(builder);

        services.AddMediator(mediator =>
        {
            foreach (var consumer in builder.Queues.SelectMany(q => q.Consumers))
            {
                if (consumer.Definition is null)
                {
                    mediator.AddConsumer(consumer.Consumer);
                }
                else
                {
                    mediator.AddConsumer(consumer.Consumer, consumer.Definition);
                }
            }

            mediator.ConfigureMediator((_, cfg) =>
            {
                if (builder.InProcessRetryIntervals.Count > 0)
                {
                    // Quick in-process retries for blips; longer outages are covered by SQS redelivery with backoff.
                    cfg.UseMessageRetry(r =>
                    {
                        r.Intervals(builder.InProcessRetryIntervals.ToArray());
                        r.Ignore<PermanentMessageException>();
                    });
                }
            });
        });

        foreach (var queue in builder.Queues)
        {
            var registration = queue;
            services.AddSingleton(provider =>
            {
                var options = provider.GetRequiredService<IOptions<MessagingOptions>>().Value;
                var dispatcher = new MessageDispatcher(provider.GetRequiredService<MassTransit.Mediator.IMediator>(), registration.MessageTypes);
                return new SqsReceiveLoop(
                    registration.Name,
                    registration.Concurrency ?? options.Concurrency,
                    provider.GetRequiredService<SqsQueues>(),
                    dispatcher,
                    provider.GetServices<IDeliveryFailureHandler>(),
                    provider.GetRequiredService<ILogger<SqsReceiveLoop>>(),
                    registration.ForeignAdapter is null ? null : (IForeignMessageAdapter)ActivatorUtilities.GetServiceOrCreateInstance(provider, registration.ForeignAdapter),
                    provider.GetRequiredService<TaskProtection>());
            });
        }

        services.AddSingleton<IHostedService>(provider => new ReceiveLoops(provider.GetServices<SqsReceiveLoop>()));
        services.Configure<HostOptions>(host =>
        {
            // Leave the loops time to drain: in-flight handlers get DrainTimeoutSeconds, then are abandoned.
            var drain = configuration.GetValue<int?>($"{MessagingOptions.Section}:{nameof(MessagingOptions.DrainTimeoutSeconds)}") ?? 25;
            host.ShutdownTimeout = TimeSpan.FromSeconds(drain + 5);
        });
        return services;
    }
}

/// <summary>Which queues this process receives from and which consumers handle them.</summary>
public sealed class MessagingBuilder
{
    internal List<QueueRegistration> Queues { get; } = [];

    /// <summary>Delays of the in-process retries the mediator makes before the delivery counts as failed.</summary>
    public List<TimeSpan> InProcessRetryIntervals { get; } = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)];

    public MessagingBuilder ReceiveFrom(string logicalQueue, Action<QueueRegistration> configure)
    {
        var registration = new QueueRegistration(logicalQueue);
        configure(registration);
        if (registration.Consumers.Count == 0)
        {
            throw new InvalidOperationException($"queue '{logicalQueue}' has no consumer");
        }

        Queues.Add(registration);
        return this;
    }
}

public sealed class QueueRegistration
{
    internal QueueRegistration(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>Handlers at once for this queue; null takes <see cref="MessagingOptions.Concurrency"/>.</summary>
    public int? Concurrency { get; set; }

    internal List<(Type Consumer, Type? Definition)> Consumers { get; } = [];

    internal Type? ForeignAdapter { get; private set; }

    /// <summary>Also takes bodies that are not envelopes, as far as <typeparamref name="TAdapter"/> recognizes them.</summary>
    public QueueRegistration ForeignMessages<TAdapter>()
        where TAdapter : class, IForeignMessageAdapter
    {
        ForeignAdapter = typeof(TAdapter);
        return this;
    }

    internal IEnumerable<Type> MessageTypes => Consumers
        .SelectMany(c => c.Consumer.GetInterfaces())
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
        .Select(i => i.GetGenericArguments()[0]);

    public QueueRegistration Consumer<TConsumer>()
        where TConsumer : class, IConsumer
    {
        Consumers.Add((typeof(TConsumer), null));
        return this;
    }

    public QueueRegistration Consumer<TConsumer, TDefinition>()
        where TConsumer : class, IConsumer
        where TDefinition : class, IConsumerDefinition<TConsumer>
    {
        Consumers.Add((typeof(TConsumer), typeof(TDefinition)));
        return this;
    }
}

/// <summary>Starts and stops every receive loop together, so they drain in parallel at shutdown.</summary>
internal sealed class ReceiveLoops : IHostedService
{
    private readonly IReadOnlyList<SqsReceiveLoop> _loops;

    public ReceiveLoops(IEnumerable<SqsReceiveLoop> loops)
    {
        _loops = loops.ToList();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.WhenAll(_loops.Select(l => l.StartAsync(cancellationToken)));

    public Task StopAsync(CancellationToken cancellationToken) => Task.WhenAll(_loops.Select(l => l.StopAsync(cancellationToken)));
}
