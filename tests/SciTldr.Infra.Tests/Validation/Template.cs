using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SciTldr.Infra.Tests.Validation;

/// <summary>A problem the validator found in one template.</summary>
/// <param name="Template">The template's file name (e.g. <c>compute.yaml</c>).</param>
/// <param name="Rule">Which check found it (see <see cref="Rules"/>).</param>
/// <param name="Path">Where: dotted path into the template, e.g. <c>Resources.IngestionQueue.Properties.VisibilityTimeout</c>.</param>
public sealed record Problem(string Template, string Rule, string Path, string Message)
{
    public override string ToString() => $"{Template}: [{Rule}] {Path}: {Message}";
}

/// <summary>One CloudFormation template, parsed into a mutable JSON tree (scalars stay strings, as YAML gives them).</summary>
public sealed class Template
{
    public Template(string name, JsonObject root)
    {
        Name = name;
        Root = root;
    }

    public string Name { get; }

    public JsonObject Root { get; }

    public JsonObject Section(string name) => Root[name] as JsonObject ?? [];

    public JsonObject Parameters => Section("Parameters");

    public JsonObject Resources => Section("Resources");

    public JsonObject Conditions => Section("Conditions");

    public JsonObject Outputs => Section("Outputs");

    public IEnumerable<(string Name, JsonObject Definition, string Type)> ResourcesOfType(string type) =>
        Resources.Where(r => r.Value is JsonObject d && Scalar(d["Type"]) == type)
            .Select(r => (r.Key, (JsonObject)r.Value!, type));

    public Template Clone() => new(Name, (JsonObject)Root.DeepClone());

    /// <summary>
    /// Parses YAML without custom tags: the short intrinsic forms (<c>!Ref</c>, <c>!Sub</c> …) are
    /// CloudFormation-only YAML tags that plain YAML tools cannot read, so they are refused.
    /// </summary>
    public static Template Parse(string name, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new TemplateFormatException($"{name}: not valid YAML at line {e.Start.Line}: {e.Message}", e);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new TemplateFormatException($"{name}: a template is one YAML document holding a mapping");
        }

        return new Template(name, (JsonObject)Convert(name, root)!);
    }

    public static string? Scalar(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode? Convert(string name, YamlNode node)
    {
        if (!node.Tag.IsEmpty && node.Tag.Value is not ("tag:yaml.org,2002:str" or "tag:yaml.org,2002:map" or "tag:yaml.org,2002:seq"))
        {
            throw new TemplateFormatException(
                $"{name}: line {node.Start.Line}: the YAML tag {node.Tag.Value} is not allowed; write the long form (e.g. Ref: or Fn::Sub:) instead of short-form intrinsics");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var keyText = ((YamlScalarNode)key).Value ?? "";
                    if (obj.ContainsKey(keyText))
                    {
                        throw new TemplateFormatException($"{name}: line {key.Start.Line}: duplicate key {keyText}");
                    }

                    obj[keyText] = Convert(name, value);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(name, item));
                }

                return array;
            case YamlScalarNode scalar:
                var isNull = scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or null;
                return isNull ? null : JsonValue.Create(scalar.Value);
            default:
                throw new TemplateFormatException($"{name}: line {node.Start.Line}: unsupported YAML node");
        }
    }
}

public sealed class TemplateFormatException(string message, Exception? inner = null) : Exception(message, inner);
