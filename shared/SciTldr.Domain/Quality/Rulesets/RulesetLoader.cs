using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SciTldr.Domain.Quality.Rulesets;

/// <summary>How strictly a ruleset is checked.</summary>
public sealed record RulesetLoadOptions
{
    public static readonly RulesetLoadOptions Default = new();

    /// <summary>
    /// Every interface rule (interfaces.md) must be in the file with its meaning. Off only for test
    /// rulesets that exercise a few rules.
    /// </summary>
    public bool RequireInterfaceRules { get; init; } = true;
}

/// <summary>
/// Reads a YAML ruleset (services/SciTldr.Quality/Rules/scitldr-quality.yaml is the default) into a
/// <see cref="Ruleset"/>, refusing anything it could not run as written: every problem is a
/// <see cref="RulesetException"/> naming the file, the line and the rule.
/// </summary>
public static partial class RulesetLoader
{
    private const string VersionKey = "version";
    private const string RulesKey = "rules";

    public static Ruleset Load(string path, RulesetLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RulesetException(path, null, null, $"cannot read the ruleset: {ex.Message}", ex);
        }

        return Parse(yaml, path, options);
    }

    /// <param name="yaml">The file's text.</param>
    /// <param name="source">Where it came from, for messages and <see cref="Ruleset.Source"/>.</param>
    public static Ruleset Parse(string yaml, string source, RulesetLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrEmpty(source);
        options ??= RulesetLoadOptions.Default;

        var root = ReadRoot(yaml, source);
        var version = ReadVersion(root, source);
        if (!root.Children.TryGetValue(new YamlScalarNode(RulesKey), out var rulesNode))
        {
            throw new RulesetException(source, RuleReader.LineOf(root), null, "missing 'rules' (a list of rules)");
        }

        if (rulesNode is not YamlSequenceNode ruleNodes || ruleNodes.Children.Count == 0)
        {
            throw new RulesetException(source, RuleReader.LineOf(rulesNode), null, "'rules' must be a non-empty list of rules");
        }

        var rules = new List<RuleDefinition>(ruleNodes.Children.Count);
        var lineById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ruleNodes.Children.Count; i++)
        {
            var rule = RuleReader.Read(ruleNodes.Children[i], i + 1, source);
            if (!lineById.TryAdd(rule.Id, rule.Line))
            {
                throw new RulesetException(source, rule.Line, rule.Id, $"duplicate id: already defined on line {lineById[rule.Id]}");
            }

            rules.Add(rule);
        }

        if (options.RequireInterfaceRules)
        {
            var rulesKey = root.Children.Keys.First(k => k is YamlScalarNode { Value: RulesKey });
            InterfaceRuleMeanings.Check(rules, source, RuleReader.LineOf(rulesKey));
        }

        return new Ruleset(version, source, rules);
    }

    /// <summary>
    /// The ruleset with some severities replaced (configuration <c>Quality:Severities:&lt;id&gt;</c>);
    /// an id the ruleset does not hold is refused, since a misspelt override would silently do nothing.
    /// </summary>
    public static Ruleset WithSeverities(this Ruleset ruleset, IReadOnlyDictionary<string, RuleSeverity>? severities)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        if (severities is null || severities.Count == 0)
        {
            return ruleset;
        }

        foreach (var id in severities.Keys.Order(StringComparer.Ordinal))
        {
            if (ruleset.Find(id) is null)
            {
                throw new RulesetException(ruleset.Source, null, id, "severity override for a rule the ruleset does not define");
            }
        }

        return ruleset with
        {
            Rules = [.. ruleset.Rules.Select(r => severities.TryGetValue(r.Id, out var severity) ? r with { Severity = severity } : r)],
        };
    }

    private static YamlMappingNode ReadRoot(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            var line = RuleReader.LineOf(ex.Start);
            throw new RulesetException(source, line, RuleIdAround(yaml, line), $"not valid YAML: {WithoutPosition(ex.Message)}", ex);
        }

        if (stream.Documents.Count == 0)
        {
            throw new RulesetException(source, 1, null, "the ruleset is empty: missing 'version' and 'rules'");
        }

        if (stream.Documents.Count > 1)
        {
            throw new RulesetException(source, RuleReader.LineOf(stream.Documents[1].RootNode), null, "more than one YAML document; a ruleset is one");
        }

        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode mapping)
        {
            throw new RulesetException(source, RuleReader.LineOf(root), null, "the ruleset must be a mapping with 'version' and 'rules'");
        }

        foreach (var key in mapping.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is not (VersionKey or RulesKey))
            {
                throw new RulesetException(source, RuleReader.LineOf(key), null, $"unknown top-level key '{name}' (expected 'version' and 'rules')");
            }
        }

        return mapping;
    }

    private static string ReadVersion(YamlMappingNode root, string source)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(VersionKey), out var node))
        {
            throw new RulesetException(source, RuleReader.LineOf(root), null, "missing 'version' (bump it on every change: it goes into every quality report)");
        }

        if (node is not YamlScalarNode { Value: { } version } || RuleReader.IsNull((YamlScalarNode)node))
        {
            throw new RulesetException(source, RuleReader.LineOf(node), null, "'version' must be a non-empty string");
        }

        return version;
    }

    // A syntax error has no rule of its own; the nearest "- id:" above the line names the rule being written.
    private static string? RuleIdAround(string yaml, int line)
    {
        string? id = null;
        using var reader = new StringReader(yaml);
        for (var number = 1; number <= line && reader.ReadLine() is { } text; number++)
        {
            if (IdLine().Match(text) is { Success: true } match)
            {
                id = match.Groups[1].Value;
            }
        }

        return id;
    }

    private static string WithoutPosition(string message) => YamlPosition().Replace(message, "");

    [GeneratedRegex(@"^\s*-\s*id\s*:\s*['""]?([A-Za-z0-9_]+)")]
    private static partial Regex IdLine();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex YamlPosition();
}
