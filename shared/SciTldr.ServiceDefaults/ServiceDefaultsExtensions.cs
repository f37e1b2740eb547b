using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Runs;

namespace SciTldr.ServiceDefaults;

/// <summary>What every SciTLDR service has: logs, traces, health endpoints, the lake and the failure reporter.</summary>
public static class ServiceDefaultsExtensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string stage)
    {
        builder.Services.AddSingleton(new ServiceIdentity(stage));
        builder.Services.AddHostedService<ScratchSweeper>();

        // One JSON line per event, with scopes (run id, partition, message id, trace id); set
        // Logging__Console__FormatterName=simple for human-readable local output.
        builder.Logging.AddConsole();
        if (string.IsNullOrEmpty(builder.Configuration["Logging:Console:FormatterName"]))
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService($"scitldr-{stage}"))
            .WithTracing(tracing =>
            {
                tracing.AddSource("SciTldr.*", "MassTransit").AddAspNetCoreInstrumentation(o =>
                    o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal));

                // Every SQS and S3 call the AWS SDK makes, as a child span of the work that made it.
                tracing.AddHttpClientInstrumentation(o =>
                {
                    o.FilterHttpRequestMessage = HttpTracing.ShouldTrace;
                    o.EnrichWithHttpRequestMessage = HttpTracing.Enrich;
                });
                if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
                {
                    tracing.AddOtlpExporter();
                }

                // Spans as JSON lines in a file, for tests and for looking at a trace without a backend.
                if (builder.Configuration["Telemetry:SpanFile"] is { Length: > 0 } spanFile)
                {
                    tracing.AddProcessor(new OpenTelemetry.SimpleActivityExportProcessor(new JsonLinesSpanExporter(spanFile.Replace("{service}", stage, StringComparison.Ordinal), $"scitldr-{stage}")));
                }
            })
            .WithMetrics(metrics =>
            {
                // Every SciTldr.* meter (e.g. SciTldr.Quality's alert counters, which CloudWatch alarms watch).
                metrics.AddMeter("SciTldr.*");
                if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
                {
                    metrics.AddOtlpExporter();
                }

                // In AWS: metrics as CloudWatch Embedded Metric Format log lines (awslogs carries them to CloudWatch).
                if (builder.Configuration.GetValue<bool>("Telemetry:Emf:Enabled"))
                {
                    var exporter = new EmfMetricExporter(builder.Configuration["Telemetry:Emf:Namespace"] ?? "SciTLDR", $"scitldr-{stage}");
                    var interval = builder.Configuration.GetValue<int?>("Telemetry:Emf:IntervalSeconds") ?? 60;
                    metrics.AddReader(new PeriodicExportingMetricReader(exporter, interval * 1000)
                    {
                        TemporalityPreference = MetricReaderTemporalityPreference.Delta,
                    });
                }
            });

        builder.Services.AddLake(builder.Configuration);
        builder.Services.AddRunLedger(builder.Configuration);
        builder.Services.AddSingleton<IDeliveryFailureHandler, RunFailureReporter>();

        builder.Services.AddHealthChecks()
            .AddCheck<ReceiveLoopsHealthCheck>("receive-loops", tags: [LiveTag])
            .AddCheck<SqsHealthCheck>("sqs", tags: [ReadyTag])
            .AddCheck<LakeHealthCheck>("s3", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>Maps <c>/health/live</c> (the process is not stuck) and <c>/health/ready</c> (SQS and S3 answer).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}

/// <summary>Which stage this process is.</summary>
public sealed record ServiceIdentity(string Stage);
