using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SciTldr.Quality.Alerts;

namespace SciTldr.Quality.Tests.Alerts;

public sealed class AlertOptionsTests
{
    [Theory]
    [InlineData("ftp://hooks.example.com/services/SECRETTOKEN")]
    [InlineData("file:///services/SECRETTOKEN")]
    [InlineData("hooks.example.com/services/SECRETTOKEN")]
    [InlineData("/services/SECRETTOKEN")]
    [InlineData("not a url SECRETTOKEN")]
    public void A_webhook_url_that_is_not_absolute_http_fails_validation_naming_the_setting_but_not_the_url(string url)
    {
        using var provider = Services(url);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AlertOptions>>().Value);

        Assert.Contains("Quality:Alerts:WebhookUrl", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETTOKEN", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://hooks.slack.com/services/T0000/B0000/XXXX")]
    [InlineData("http://127.0.0.1:8080/hook?x=1")]
    public void Empty_and_absolute_http_webhook_urls_are_accepted(string? url)
    {
        using var provider = Services(url);

        var options = provider.GetRequiredService<IOptions<AlertOptions>>().Value;

        Assert.Equal(string.IsNullOrEmpty(url), options.Webhook is null);
    }

    [Fact]
    public async Task The_service_does_not_start_with_an_invalid_webhook_url()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Quality:Alerts:WebhookUrl"] = "ftp://example.com/SECRETTOKEN" });
        builder.Services.AddQualityAlerts(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("Quality:Alerts:WebhookUrl", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETTOKEN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_match_the_documented_policy()
    {
        var options = new AlertOptions();

        Assert.Equal(
            (5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), 1_000, TimeSpan.FromSeconds(5)),
            (options.MaxAttempts, options.FirstRetryDelay, options.MaxRetryDelay, options.AttemptTimeout, options.QueueCapacity, options.ShutdownFlush));
        Assert.Null(options.Webhook);
    }

    [Fact]
    public void Only_scheme_and_host_of_the_webhook_are_ever_named()
    {
        Assert.Equal("https://hooks.slack.com", WebhookEndpoint.Redact(new Uri("https://user:pw@hooks.slack.com:8443/services/T/B/SECRET?q=1")));
    }

    private static ServiceProvider Services(string? url)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Quality:Alerts:WebhookUrl"] = url })
            .Build();
        return new ServiceCollection().AddLogging().AddQualityAlerts(configuration).BuildServiceProvider();
    }
}
