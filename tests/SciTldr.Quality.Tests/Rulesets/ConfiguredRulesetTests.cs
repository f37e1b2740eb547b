using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.Rulesets;
using SciTldr.Quality.Rulesets;

namespace SciTldr.Quality.Tests.Rulesets;

public sealed class ConfiguredRulesetTests
{
    [Fact]
    public void The_default_ruleset_is_read_from_beside_the_binaries_with_configured_severities()
    {
        using var provider = Services(new() { ["Quality:Severities:single_oracle"] = "Error" });

        var ruleset = provider.GetRequiredService<Ruleset>();

        Assert.Equal("2026.2", ruleset.Version);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Rules", "scitldr-quality.yaml"), ruleset.Source);
        Assert.Equal(RuleSeverity.Error, ruleset.Find(Rules.SingleOracleId)!.Severity);
        Assert.Same(ruleset, provider.GetRequiredService<Ruleset>());
    }

    [Fact]
    public void An_invalid_ruleset_fails_options_validation_with_the_loaders_message()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ruleset-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "version: \"x\"\nrules:\n  - id: r\n    kind: range\n    severity: error\n    theshold: 1\n");
        try
        {
            using var provider = Services(new() { ["Quality:RulesetPath"] = path });

            var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<QualityOptions>>().Value);

            Assert.Equal($"{path}:6: rule 'r': unknown key 'theshold' (did you mean 'threshold'?)", Assert.Single(ex.Failures));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("single_orcle", "error", "rule 'single_orcle': severity override for a rule the ruleset does not define")]
    [InlineData("single_oracle", "fatal", "rule 'single_oracle': Quality:Severities:single_oracle is 'fatal'; it must be error or warning")]
    public void A_bad_severity_override_fails_options_validation(string id, string severity, string expected)
    {
        using var provider = Services(new() { [$"Quality:Severities:{id}"] = severity });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<QualityOptions>>().Value);

        Assert.EndsWith(expected, Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddQualityRuleset(configuration);
        return services.BuildServiceProvider();
    }
}
