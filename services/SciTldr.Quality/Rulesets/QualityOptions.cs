using System.ComponentModel.DataAnnotations;

namespace SciTldr.Quality.Rulesets;

/// <summary>Settings of the quality service's ruleset (section <c>Quality</c>).</summary>
public sealed class QualityOptions
{
    public const string Section = "Quality";

    /// <summary>The ruleset shipped with the service, copied beside its binaries.</summary>
    public const string DefaultRulesetPath = "Rules/scitldr-quality.yaml";

    /// <summary>The YAML ruleset; a relative path is taken from the service's own folder, not the working directory.</summary>
    [Required]
    public string RulesetPath { get; set; } = DefaultRulesetPath;

    /// <summary>Severity overrides by rule id (<c>Quality:Severities:&lt;id&gt;</c> = <c>error</c> or <c>warning</c>).</summary>
    public Dictionary<string, string> Severities { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The ruleset file as an absolute path.</summary>
    public string ResolvedRulesetPath => Path.GetFullPath(RulesetPath, AppContext.BaseDirectory);
}
