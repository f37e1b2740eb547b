using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SciTldr.Infra.Tests.Validation;

/// <summary>
/// Checks a template against the CloudFormation specification (resource types, property names at every
/// depth, required properties, list/map/scalar shapes) and against itself (every Ref, Fn::GetAtt,
/// Fn::Sub variable, condition and DependsOn points at something that exists; every parameter is used).
/// </summary>
public sealed partial class SpecValidator(CfnSpec spec)
{
    private static readonly HashSet<string> PseudoParameters =
    [
        "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region",
        "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
    ];

    private static readonly HashSet<string> TopLevelKeys =
    [
        "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings",
        "Conditions", "Transform", "Resources", "Outputs",
    ];

    private static readonly HashSet<string> ResourceKeys =
    [
        "Type", "Properties", "DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy", "Metadata",
        "UpdatePolicy", "CreationPolicy",
    ];

    private static readonly HashSet<string> ParameterTypes =
    [
        "String", "Number", "CommaDelimitedList", "List<Number>", "AWS::EC2::VPC::Id", "AWS::EC2::Subnet::Id",
        "List<AWS::EC2::Subnet::Id>", "AWS::EC2::SecurityGroup::Id", "List<AWS::EC2::SecurityGroup::Id>",
    ];

    public IReadOnlyList<Problem> Validate(Template template)
    {
        var context = new Context(template);
        foreach (var key in template.Root.Select(p => p.Key).Where(k => !TopLevelKeys.Contains(k)))
        {
            context.Report(Rules.Structure, key, "not a template section");
        }

        if (template.Resources.Count == 0)
        {
            context.Report(Rules.Structure, "Resources", "a template needs at least one resource");
        }

        CheckParameters(context);
        foreach (var (name, node) in template.Resources)
        {
            CheckResource(context, name, node);
        }

        CheckReferences(context);
        return context.Problems;
    }

    private static void CheckParameters(Context context)
    {
        foreach (var (name, node) in context.Template.Parameters)
        {
            var path = $"Parameters.{name}";
            if (node is not JsonObject parameter)
            {
                context.Report(Rules.BadParameter, path, "a parameter is a mapping");
                continue;
            }

            var type = Template.Scalar(parameter["Type"]);
            if (type is null || !ParameterTypes.Contains(type))
            {
                context.Report(Rules.BadParameter, path + ".Type", $"unknown parameter type '{type}'");
            }

            var defaultValue = Template.Scalar(parameter["Default"]);
            if (defaultValue is null)
            {
                continue;
            }

            if (parameter["AllowedValues"] is JsonArray allowed && !allowed.Select(Template.Scalar).Contains(defaultValue))
            {
                context.Report(Rules.BadParameter, path + ".Default", $"'{defaultValue}' is not one of its AllowedValues");
            }

            if (Template.Scalar(parameter["AllowedPattern"]) is { } pattern && defaultValue.Length > 0 &&
                !Regex.IsMatch(defaultValue, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                context.Report(Rules.BadParameter, path + ".Default", $"'{defaultValue}' does not match its AllowedPattern");
            }

            if (type == "Number" && !double.TryParse(defaultValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                context.Report(Rules.BadParameter, path + ".Default", $"'{defaultValue}' is not a number");
            }
        }
    }

    private void CheckResource(Context context, string name, JsonNode? node)
    {
        var path = $"Resources.{name}";
        if (node is not JsonObject resource)
        {
            context.Report(Rules.Structure, path, "a resource is a mapping");
            return;
        }

        foreach (var key in resource.Select(p => p.Key).Where(k => !ResourceKeys.Contains(k)))
        {
            context.Report(Rules.Structure, $"{path}.{key}", "not a resource attribute");
        }

        var type = Template.Scalar(resource["Type"]);
        var resourceSpec = type is null ? null : spec.Resource(type);
        if (resourceSpec is null)
        {
            context.Report(Rules.UnknownResourceType, $"{path}.Type", $"'{type}' is not a CloudFormation resource type");
            return;
        }

        var properties = resource["Properties"] ?? new JsonObject();
        CheckObject(context, properties, resourceSpec.Properties, $"{path}.Properties");
    }

    private void CheckObject(Context context, JsonNode? node, IReadOnlyDictionary<string, SpecProperty> properties, string path)
    {
        if (IsIntrinsic(node, out var function))
        {
            if (function == "Fn::If")
            {
                foreach (var (branch, branchPath) in IfBranches(node!, path))
                {
                    CheckObject(context, branch, properties, branchPath);
                }
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            context.Report(Rules.Shape, path, "expected a mapping");
            return;
        }

        foreach (var (key, value) in obj)
        {
            if (!properties.TryGetValue(key, out var property))
            {
                context.Report(Rules.UnknownProperty, $"{path}.{key}", $"'{key}' is not a property here");
                continue;
            }

            CheckValue(context, value, property.Types, $"{path}.{key}");
        }

        foreach (var property in properties.Values.Where(p => p.Required && !obj.ContainsKey(p.Name)))
        {
            context.Report(Rules.MissingRequiredProperty, $"{path}.{property.Name}", $"required property '{property.Name}' is missing");
        }
    }

    /// <summary>Accepts the value when any of <paramref name="types"/> fits; reports the first type's problems otherwise.</summary>
    private void CheckValue(Context context, JsonNode? node, IReadOnlyList<SpecType> types, string path)
    {
        List<Problem>? first = null;
        foreach (var type in types)
        {
            var trial = context.Trial();
            CheckValue(trial, node, type, path);
            if (trial.Problems.Count == 0)
            {
                return;
            }

            first ??= trial.Problems;
        }

        context.Problems.AddRange(first ?? []);
    }

    private void CheckValue(Context context, JsonNode? node, SpecType type, string path)
    {
        if (node is null)
        {
            context.Report(Rules.Shape, path, "a property value may not be null");
            return;
        }

        if (IsIntrinsic(node, out var function))
        {
            if (function == "Fn::If")
            {
                foreach (var (branch, branchPath) in IfBranches(node, path))
                {
                    CheckValue(context, branch, type, branchPath);
                }
            }
            else if (type.Kind is "string" or "integer" or "number" or "boolean" && function is "Fn::GetAZs" or "Fn::Split" or "Fn::Cidr")
            {
                context.Report(Rules.Shape, path, $"{function} gives a list where a {type.Kind} is expected");
            }
            else if (type.Kind is "array" && function is "Fn::Sub" or "Fn::Join")
            {
                context.Report(Rules.Shape, path, $"{function} gives a string where a list is expected");
            }

            return;
        }

        switch (type.Kind)
        {
            case "json":
                return;
            case "string" or "date-time":
                ExpectScalar(context, node, path, type.Kind, _ => true);
                return;
            case "integer":
                ExpectScalar(context, node, path, type.Kind, v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
                return;
            case "number":
                ExpectScalar(context, node, path, type.Kind, v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
                return;
            case "boolean":
                ExpectScalar(context, node, path, type.Kind, v => v is "true" or "false" or "True" or "False");
                return;
            case "tag":
                CheckObject(context, node, TagProperties, path);
                return;
            case "ref":
                CheckObject(context, node, spec.TypeDefinition(type.Reference!).Properties, path);
                return;
            case "union":
                CheckValue(context, node, type.Members, path);
                return;
            case "array":
                if (node is not JsonArray array)
                {
                    context.Report(Rules.Shape, path, "expected a list");
                    return;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    CheckValue(context, array[i], type.Element!, $"{path}[{i}]");
                }

                return;
            case "map":
                if (node is not JsonObject map)
                {
                    context.Report(Rules.Shape, path, "expected a mapping");
                    return;
                }

                foreach (var (key, value) in map)
                {
                    CheckValue(context, value, type.Element!, $"{path}.{key}");
                }

                return;
            default:
                throw new InvalidDataException($"unknown spec type kind {type.Kind}");
        }
    }

    private static readonly Dictionary<string, SpecProperty> TagProperties = new(StringComparer.Ordinal)
    {
        ["Key"] = new SpecProperty("Key", true, [new SpecType("string", null, null, [])]),
        ["Value"] = new SpecProperty("Value", true, [new SpecType("string", null, null, [])]),
    };

    private static void ExpectScalar(Context context, JsonNode node, string path, string kind, Func<string, bool> fits)
    {
        if (node is not JsonValue)
        {
            context.Report(Rules.Shape, path, $"expected a {kind}, not a {(node is JsonArray ? "list" : "mapping")}");
        }
        else if (!fits(Template.Scalar(node)!))
        {
            context.Report(Rules.Shape, path, $"'{Template.Scalar(node)}' is not a {kind}");
        }
    }

    /// <summary>An intrinsic function call: a mapping with one key, Ref or Fn::….</summary>
    public static bool IsIntrinsic(JsonNode? node, out string function)
    {
        function = "";
        if (node is JsonObject { Count: 1 } obj)
        {
            var key = obj.First().Key;
            if (key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal))
            {
                function = key;
                return true;
            }
        }

        return false;
    }

    /// <summary>The two value branches of an Fn::If, without those that are <c>Ref: AWS::NoValue</c>.</summary>
    private static IEnumerable<(JsonNode? Node, string Path)> IfBranches(JsonNode node, string path)
    {
        if (node["Fn::If"] is JsonArray { Count: 3 } args)
        {
            for (var i = 1; i <= 2; i++)
            {
                if (!(IsIntrinsic(args[i], out var f) && f == "Ref" && Template.Scalar(args[i]!["Ref"]) == "AWS::NoValue"))
                {
                    yield return (args[i], $"{path}.Fn::If[{i}]");
                }
            }
        }
    }

    // ---- references ---------------------------------------------------------------------------

    private void CheckReferences(Context context)
    {
        var template = context.Template;
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, node) in template.Resources)
        {
            if (node is not JsonObject resource)
            {
                continue;
            }

            var path = $"Resources.{name}";
            CheckConditionName(context, resource["Condition"], $"{path}.Condition");
            var dependsOn = resource["DependsOn"] switch
            {
                JsonArray list => list.Select(Template.Scalar),
                { } single => [Template.Scalar(single)],
                null => [],
            };
            foreach (var target in dependsOn.Where(t => t is null || !template.Resources.ContainsKey(t)))
            {
                context.Report(Rules.DanglingRef, $"{path}.DependsOn", $"DependsOn names no resource '{target}'");
            }

            Walk(context, resource["Properties"], $"{path}.Properties", used, ReferenceScope.Resources);
        }

        foreach (var (name, node) in template.Outputs)
        {
            var path = $"Outputs.{name}";
            CheckConditionName(context, node?["Condition"], $"{path}.Condition");
            Walk(context, node?["Value"], $"{path}.Value", used, ReferenceScope.Resources);
            Walk(context, node?["Export"], $"{path}.Export", used, ReferenceScope.Resources);
        }

        foreach (var (name, node) in template.Conditions)
        {
            Walk(context, node, $"Conditions.{name}", used, ReferenceScope.Parameters);
        }

        foreach (var (name, node) in template.Section("Rules"))
        {
            Walk(context, node, $"Rules.{name}", used, ReferenceScope.Parameters);
        }

        foreach (var name in template.Parameters.Select(p => p.Key).Where(p => !used.Contains(p)))
        {
            context.Report(Rules.UnusedParameter, $"Parameters.{name}", "the parameter is never used");
        }
    }

    private enum ReferenceScope
    {
        Resources,
        Parameters,
    }

    private void Walk(Context context, JsonNode? node, string path, HashSet<string> used, ReferenceScope scope)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(context, array[i], $"{path}[{i}]", used, scope);
                }

                return;
            case JsonObject obj:
                if (obj.Count == 1 && obj.First().Key == "Condition" && scope == ReferenceScope.Parameters)
                {
                    CheckConditionName(context, obj["Condition"], $"{path}.Condition");
                    return;
                }

                if (IsIntrinsic(obj, out var function))
                {
                    CheckIntrinsic(context, obj, function, path, used, scope);
                    return;
                }

                foreach (var (key, value) in obj)
                {
                    Walk(context, value, $"{path}.{key}", used, scope);
                }

                return;
            default:
                return;
        }
    }

    private void CheckIntrinsic(Context context, JsonObject call, string function, string path, HashSet<string> used, ReferenceScope scope)
    {
        var args = call[function];
        var here = $"{path}.{function}";
        switch (function)
        {
            case "Ref":
                CheckName(context, Template.Scalar(args), here, used, scope, Rules.DanglingRef);
                return;
            case "Fn::GetAtt":
                var parts = args switch
                {
                    JsonArray { Count: 2 } a => [Template.Scalar(a[0]), Template.Scalar(a[1])],
                    JsonValue v when Template.Scalar(v)!.Split('.', 2) is { Length: 2 } split => split,
                    _ => Array.Empty<string?>(),
                };
                if (parts.Length != 2)
                {
                    context.Report(Rules.Shape, here, "Fn::GetAtt takes [resource, attribute]");
                    return;
                }

                CheckAttribute(context, parts[0]!, parts[1]!, here);
                return;
            case "Fn::Sub":
                var (text, variables) = args switch
                {
                    JsonArray { Count: 2 } a => (Template.Scalar(a[0]), a[1] as JsonObject),
                    _ => (Template.Scalar(args), null),
                };
                if (text is null)
                {
                    context.Report(Rules.Shape, here, "Fn::Sub takes a string or [string, variables]");
                    return;
                }

                if (variables is not null)
                {
                    Walk(context, variables, $"{here}[1]", used, scope);
                }

                foreach (Match match in SubVariable().Matches(text))
                {
                    var name = match.Groups[1].Value;
                    if (name.StartsWith('!') || (variables?.ContainsKey(name) ?? false))
                    {
                        continue;
                    }

                    var dot = name.IndexOf('.', StringComparison.Ordinal);
                    if (dot > 0 && !PseudoParameters.Contains(name))
                    {
                        CheckAttribute(context, name[..dot], name[(dot + 1)..], here, Rules.DanglingSub);
                    }
                    else
                    {
                        CheckName(context, name, here, used, scope, Rules.DanglingSub);
                    }
                }

                return;
            case "Fn::If":
                if (args is not JsonArray { Count: 3 } ifArgs)
                {
                    context.Report(Rules.Shape, here, "Fn::If takes [condition, then, else]");
                    return;
                }

                CheckConditionName(context, ifArgs[0], $"{here}[0]");
                Walk(context, ifArgs[1], $"{here}[1]", used, scope);
                Walk(context, ifArgs[2], $"{here}[2]", used, scope);
                return;
            default:
                Walk(context, args, here, used, scope);
                return;
        }
    }

    private static void CheckName(Context context, string? name, string path, HashSet<string> used, ReferenceScope scope, string rule)
    {
        var template = context.Template;
        if (name is not null && template.Parameters.ContainsKey(name))
        {
            used.Add(name);
        }
        else if (name is null || !(PseudoParameters.Contains(name) || (scope == ReferenceScope.Resources && template.Resources.ContainsKey(name))))
        {
            context.Report(rule, path, $"'{name}' is no parameter{(scope == ReferenceScope.Resources ? ", resource" : "")} or pseudo parameter");
        }
    }

    private void CheckAttribute(Context context, string resource, string attribute, string path, string rule = Rules.DanglingGetAtt)
    {
        if (context.Template.Resources[resource] is not JsonObject definition)
        {
            context.Report(rule, path, $"'{resource}' is no resource of this template");
            return;
        }

        var type = Template.Scalar(definition["Type"]);
        var resourceSpec = type is null ? null : spec.Resource(type);
        if (resourceSpec is null || resourceSpec.Attributes.Contains(attribute) ||
            (type == "AWS::CloudFormation::Stack" && attribute.StartsWith("Outputs.", StringComparison.Ordinal)))
        {
            return;
        }

        context.Report(Rules.UnknownAttribute, path, $"{type} has no attribute '{attribute}'");
    }

    private static void CheckConditionName(Context context, JsonNode? node, string path)
    {
        if (node is null)
        {
            return;
        }

        var name = Template.Scalar(node);
        if (name is null || !context.Template.Conditions.ContainsKey(name))
        {
            context.Report(Rules.UnknownCondition, path, $"'{name}' is not a condition of this template");
        }
    }

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex SubVariable();

    private sealed class Context(Template template)
    {
        public Template Template { get; } = template;

        public List<Problem> Problems { get; } = [];

        public void Report(string rule, string path, string message) => Problems.Add(new Problem(Template.Name, rule, path, message));

        public Context Trial() => new(Template);
    }
}
