using Microsoft.Extensions.Options;
using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.Rulesets;

namespace SciTldr.Quality.Rulesets;

public static class QualityRulesetServiceExtensions
{
    /// <summary>
    /// Registers the <see cref="Ruleset"/> the consumers check with: the file of <c>Quality:RulesetPath</c>
    /// with the severities of <c>Quality:Severities</c>. The ruleset is loaded and validated when the host
    /// starts, so an invalid one stops the service at once with the loader's file:line message rather
    /// than failing the first partition it meets.
    /// </summary>
    public static IServiceCollection AddQualityRuleset(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QualityOptions>()
            .Bind(configuration.GetSection(QualityOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ConfiguredRuleset>();
        services.AddSingleton<IValidateOptions<QualityOptions>>(provider => provider.GetRequiredService<ConfiguredRuleset>());
        services.AddSingleton(provider => provider.GetRequiredService<ConfiguredRuleset>().Get(provider.GetRequiredService<IOptions<QualityOptions>>().Value));
        return services;
    }
}

/// <summary>
/// Loads the configured ruleset once. As an options validator it runs when the host starts, which
/// makes a bad ruleset a start-up failure; it takes the options as an argument rather than from DI,
/// since the options themselves depend on their validators.
/// </summary>
internal sealed class ConfiguredRuleset : IValidateOptions<QualityOptions>
{
    private readonly ILogger<ConfiguredRuleset> _logger;
    private readonly Lock _gate = new();
    private Ruleset? _ruleset;

    public ConfiguredRuleset(ILogger<ConfiguredRuleset> logger) => _logger = logger;

    public Ruleset Get(QualityOptions options)
    {
        lock (_gate)
        {
            if (_ruleset is null)
            {
                _ruleset = Load(options);
                _logger.LogInformation("Quality ruleset {Version} from {Path}: {Rules} rules", _ruleset.Version, _ruleset.Source, _ruleset.Rules.Count);
            }

            return _ruleset;
        }
    }

    public ValidateOptionsResult Validate(string? name, QualityOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RulesetPath))
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            Get(options);
            return ValidateOptionsResult.Success;
        }
        catch (RulesetException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }

    /// <summary>The ruleset file with the configured severity overrides applied.</summary>
    public static Ruleset Load(QualityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.ResolvedRulesetPath;
        var severities = new Dictionary<string, RuleSeverity>(StringComparer.Ordinal);
        foreach (var (id, value) in options.Severities)
        {
            if (!RulesetNames.TryParseSeverity(value ?? "", out var severity, ignoreCase: true))
            {
                throw new RulesetException(path, null, id, $"{QualityOptions.Section}:Severities:{id} is '{value}'; it must be error or warning");
            }

            severities[id] = severity;
        }

        return RulesetLoader.Load(path).WithSeverities(severities);
    }
}
