using SciTldr.Messaging;
using SciTldr.Messaging.Hosting;
using SciTldr.Reporting.Consumers;
using SciTldr.Reporting.Dashboard;
using SciTldr.Reporting.Runs;

namespace SciTldr.Reporting;

public static class ReportingServiceExtensions
{
    public static IServiceCollection AddReporting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportingOptions>().Bind(configuration.GetSection(ReportingOptions.Section));
        services.AddSingleton<RunFinalizer>();
        services.AddSingleton<DashboardAssets>();
        services.AddSingleton<DashboardData>();
        services.AddSingleton<PaperSearch>();
        services.AddSingleton<StaticReport>();
        return services.AddSqsMessaging(configuration, messaging =>
            messaging.ReceiveFrom(QueueNames.Reporting, queue => queue
                .Consumer<RunIngestedConsumer>()
                .Consumer<PartitionCheckedConsumer>()
                .Consumer<RunCheckedConsumer>()
                .Consumer<StageFailedConsumer>()));
    }

    public static WebApplication MapReporting(this WebApplication app)
    {
        app.MapDashboardEndpoints();
        return app;
    }
}
