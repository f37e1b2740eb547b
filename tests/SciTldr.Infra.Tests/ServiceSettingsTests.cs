using SciTldr.Infra.Tests.Validation;

namespace SciTldr.Infra.Tests;

public sealed class ServiceSettingsTests
{
    [Theory]
    [InlineData("ingestion", "Ingestion__Watcher__Enabled")]
    [InlineData("ingestion", "Ingestion__Schedule__Cron")]
    [InlineData("ingestion", "Ingestion__Http__MaxAttempts")]
    [InlineData("quality", "Quality__Alerts__WebhookUrl")]
    [InlineData("quality", "Quality__Severities__abstract_not_blank")]
    [InlineData("reporting", "Reporting__PublicUrl")]
    [InlineData("transformation", "Messaging__Concurrency")]
    [InlineData("transformation", "Lake__MultipartPartBytes")]
    [InlineData("transformation", "DOTNET_gcServer")]
    public void Settings_the_service_binds_are_variables_it_reads(string stage, string variable) =>
        Assert.True(ServiceSettings.Reads(stage, variable));

    [Theory]
    [InlineData("transformation", "Ingestion__Watcher__Enabled")]
    [InlineData("reporting", "Quality__Alerts__WebhookUrl")]
    [InlineData("quality", "Quality__ResolvedRulesetPath")]
    [InlineData("ingestion", "Ingestion__Schedule")]
    [InlineData("ingestion", "Lake__Bukket")]
    public void Other_services_settings_and_computed_properties_are_not_read(string stage, string variable) =>
        Assert.False(ServiceSettings.Reads(stage, variable));
}
