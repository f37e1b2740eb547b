using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SciTldr.Infra.Tests.Validation;

/// <summary>
/// Validates the whole set of templates: each one against the specification and itself, then across
/// templates (every Fn::ImportValue has a matching export, a parameter means the same everywhere) and
/// the project's rules.
/// </summary>
public sealed partial class InfraValidator(CfnSpec spec)
{
    private readonly SpecValidator _specValidator = new(spec);

    public IReadOnlyList<Problem> Validate(IReadOnlyList<Template> templates)
    {
        var problems = new List<Problem>();
        foreach (var template in templates)
        {
            problems.AddRange(_specValidator.Validate(template));
        }

        CheckImports(templates, problems);
        CheckSharedParameters(templates, problems);
        problems.AddRange(ProjectRules.Validate(templates));
        return problems;
    }

    /// <summary>
    /// Stacks are chained by exports named <c>${AWS::StackName}-Name</c> and imported as
    /// <c>${XStackName}-Name</c>, where the parameter XStackName names the stack of template x.yaml.
    /// </summary>
    private static void CheckImports(IReadOnlyList<Template> templates, List<Problem> problems)
    {
        var exports = templates.SelectMany(t => t.Outputs.Select(o => (Template: t.Name, Name: Nodes.Text(o.Value?["Export"]?["Name"]))))
            .Where(e => e.Name is not null)
            .Select(e => (e.Template, Match: OwnExport().Match(e.Name!)))
            .Where(e => e.Match.Success)
            .Select(e => (e.Template, Suffix: e.Match.Groups[1].Value))
            .ToHashSet();
        foreach (var template in templates)
        {
            foreach (var (node, path) in Nodes.Objects(template.Root, ""))
            {
                if (!node.ContainsKey("Fn::ImportValue") || node.Count != 1)
                {
                    continue;
                }

                var match = Import().Match(Nodes.Text(node["Fn::ImportValue"]) ?? "");
                var source = match.Success ? match.Groups[1].Value.ToLowerInvariant() + ".yaml" : null;
                if (!match.Success || !exports.Contains((source!, match.Groups[2].Value)))
                {
                    problems.Add(new Problem(template.Name, Rules.UnmatchedImport, path.TrimStart('.'),
                        $"'{Nodes.Text(node["Fn::ImportValue"])}' is not exported by {source ?? "any template"} as ${{AWS::StackName}}-{(match.Success ? match.Groups[2].Value : "…")}"));
                }
            }
        }
    }

    /// <summary>The same parameter name in two templates (LakeBucketName, QueuePrefix …) must take the same values.</summary>
    private static void CheckSharedParameters(IReadOnlyList<Template> templates, List<Problem> problems)
    {
        var groups = templates.SelectMany(t => t.Parameters.Select(p => (Template: t, p.Key, p.Value))).GroupBy(p => p.Key);
        foreach (var group in groups)
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                foreach (var field in new[] { "Type", "Default", "AllowedPattern", "AllowedValues" })
                {
                    if (!JsonNode.DeepEquals(first.Value?[field], other.Value?[field]))
                    {
                        problems.Add(new Problem(other.Template.Name, Rules.InconsistentParameter, $"Parameters.{other.Key}.{field}",
                            $"differs from {first.Template.Name}'s {other.Key}"));
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"^\$\{AWS::StackName\}-([A-Za-z0-9]+)$")]
    private static partial Regex OwnExport();

    [GeneratedRegex(@"^\$\{([A-Za-z]+)StackName\}-([A-Za-z0-9]+)$")]
    private static partial Regex Import();
}
