using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SciTldr.Contracts;
using SciTldr.Messaging;
using SciTldr.Messaging.Hosting;
using SciTldr.Testing;

namespace SciTldr.ServiceDefaults.Tests;

/// <summary>A service's health endpoints against a real emulator that goes away and comes back.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Ready_fails_while_sqs_and_s3_are_unreachable_and_recovers_while_live_stays_up()
    {
        await using var emulator = await Emulator.StartAsync(persistent: true, s3StorageDir: Directory.CreateTempSubdirectory("health-s3-").FullName);

        // The SDK takes credentials from the standard environment variables only, as in a real task.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", Emulator.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", Emulator.SecretKey);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(emulator.AwsEnvironment.ToDictionary(e => e.Key, e => (string?)e.Value))
        {
            ["Lake:Bucket"] = EmulatorFixture.UniqueName("health"),
            ["Lake:CreateBucketIfMissing"] = "true",
            ["Lake:MaxRetryAttempts"] = "0",
            ["Messaging:QueuePrefix"] = EmulatorFixture.UniqueName("health") + "-",
            ["Messaging:CreateQueues"] = "true",
            ["Messaging:WaitTimeSeconds"] = "1",
            ["Logging:Console:FormatterName"] = "simple",
        });
        builder.AddServiceDefaults(Stages.Reporting);
        builder.Services.AddSqsMessaging(builder.Configuration, messaging =>
            messaging.ReceiveFrom(QueueNames.Reporting, queue => queue.Consumer<IgnoreRunChecked>()));
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };

        Assert.Equal(HttpStatusCode.OK, await StatusWithinAsync(http, "/health/ready", HttpStatusCode.OK));

        await emulator.StopAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusWithinAsync(http, "/health/ready", HttpStatusCode.ServiceUnavailable));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);

        await emulator.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, await StatusWithinAsync(http, "/health/ready", HttpStatusCode.OK));
        await app.StopAsync();
    }

    private static async Task<HttpStatusCode> StatusWithinAsync(HttpClient http, string path, HttpStatusCode wanted)
    {
        var status = HttpStatusCode.InternalServerError;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            status = (await http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode;
            if (status == wanted)
            {
                return status;
            }

            await Task.Delay(500);
        }

        return status;
    }

    private sealed class IgnoreRunChecked : IConsumer<RunChecked>
    {
        public Task Consume(ConsumeContext<RunChecked> context) => Task.CompletedTask;
    }
}
