using Microsoft.Extensions.Options;
using SciTldr.Ingestion.Consumers;
using SciTldr.Ingestion.Sources;
using SciTldr.Ingestion.Triggers;
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
        services.AddSingleton<IValidateOptions<IngestionOptions>, IngestionOptionsValidator>();
        services.AddOptions<HttpSourceOptions>()
            .Bind(configuration.GetSection($"{IngestionOptions.Section}:Http"))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHttpClient<IHttpSourceOpener, HttpSourceOpener>(client =>
        {
            // The reader applies its own connect and read timeouts; the client's would cut a long download short.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });

        services.AddSingleton<RunStarter>();
        services.AddHostedService<ScheduleTrigger>();
        services.AddSingleton<LandingWatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<LandingWatcher>());
        return services.AddSqsMessaging(configuration, messaging =>
            messaging.ReceiveFrom(QueueNames.Ingestion, queue => queue
                .Consumer<StartRunConsumer, StartRunConsumerDefinition>()
                .Consumer<S3ObjectsCreatedConsumer>()
                .ForeignMessages<S3EventAdapter>()));
    }
}

/// <summary>Checks what data annotations cannot: the cron expression, its time zone and source, and the watched prefix.</summary>
internal sealed class IngestionOptionsValidator : IValidateOptions<IngestionOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestionOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Schedule.Cron))
        {
            try
            {
                ScheduleTrigger.ParseCron(options.Schedule.Cron);
            }
            catch (Cronos.CronFormatException ex)
            {
                failures.Add($"Ingestion:Schedule:Cron '{options.Schedule.Cron}' is not a cron expression: {ex.Message}");
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.Schedule.TimeZone, out _))
            {
                failures.Add($"Ingestion:Schedule:TimeZone '{options.Schedule.TimeZone}' is not a known time zone");
            }

            if (string.IsNullOrWhiteSpace(options.Schedule.Source))
            {
                failures.Add("Ingestion:Schedule:Source is required when a schedule is set");
            }
        }

        if (!options.Watcher.Prefix.StartsWith(Lake.LakeLayout.LandingPrefix, StringComparison.Ordinal) || !options.Watcher.Prefix.EndsWith('/'))
        {
            failures.Add($"Ingestion:Watcher:Prefix '{options.Watcher.Prefix}' must be a folder under landing/ ending in '/'");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
