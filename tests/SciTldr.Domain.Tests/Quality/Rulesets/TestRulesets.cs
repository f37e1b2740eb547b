using SciTldr.Domain.Quality.Rulesets;
using SciTldr.Testing;

namespace SciTldr.Domain.Tests.Quality.Rulesets;

/// <summary>The shipped ruleset, and small rulesets written inline by tests.</summary>
internal static class TestRulesets
{
    public const string Source = "test.yaml";

    private static readonly Lazy<Ruleset> DefaultRuleset = new(() => RulesetLoader.Load(RepositoryPaths.DefaultRuleset));

    public static readonly RulesetLoadOptions WithoutInterfaceRules = new() { RequireInterfaceRules = false };

    /// <summary>services/SciTldr.Quality/Rules/scitldr-quality.yaml.</summary>
    public static Ruleset Default => DefaultRuleset.Value;

    /// <summary>A ruleset of just <paramref name="rules"/> (YAML list items, indented by two spaces).</summary>
    public static Ruleset Of(string rules) => RulesetLoader.Parse($"version: \"test\"\nrules:\n{rules}", Source, WithoutInterfaceRules);
}
