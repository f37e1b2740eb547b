using System.Text.Json.Nodes;

namespace SciTldr.Infra.Tests.Validation;

/// <summary>Small readers over the template tree.</summary>
public static class Nodes
{
    /// <summary>A string value as written: the plain scalar, or the text of an Fn::Sub (without variables).</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        JsonValue => Template.Scalar(node),
        JsonObject { Count: 1 } o when o["Fn::Sub"] is JsonValue sub => Template.Scalar(sub),
        JsonObject { Count: 1 } o when o["Fn::Sub"] is JsonArray { Count: 2 } sub => Template.Scalar(sub[0]),
        _ => null,
    };

    /// <summary>A scalar or a list of scalars (IAM's Action, Resource …) as a list of texts.</summary>
    public static IReadOnlyList<string?> Texts(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Select(Text).ToList(),
        _ => [Text(node)],
    };

    /// <summary>The items of a list, looking through Fn::If (both branches, without AWS::NoValue).</summary>
    public static IEnumerable<JsonNode> Items(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            yield break;
        }

        foreach (var item in array)
        {
            foreach (var branch in Branches(item))
            {
                yield return branch;
            }
        }
    }

    /// <summary>A value, or the branches of an Fn::If (without AWS::NoValue).</summary>
    public static IEnumerable<JsonNode> Branches(JsonNode? node)
    {
        if (node is JsonObject { Count: 1 } o && o["Fn::If"] is JsonArray { Count: 3 } args)
        {
            foreach (var branch in new[] { args[1], args[2] }.SelectMany(Branches))
            {
                yield return branch;
            }
        }
        else if (node is not null && !IsNoValue(node))
        {
            yield return node;
        }
    }

    public static bool IsNoValue(JsonNode node) => node is JsonObject { Count: 1 } o && Template.Scalar(o["Ref"]) == "AWS::NoValue";

    public static bool IsRefTo(JsonNode? node, string name) => node is JsonObject { Count: 1 } o && Template.Scalar(o["Ref"]) == name;

    public static bool IsGetAtt(JsonNode? node, string resource, string attribute) => node is JsonObject { Count: 1 } o && o["Fn::GetAtt"] switch
    {
        JsonArray { Count: 2 } a => Template.Scalar(a[0]) == resource && Template.Scalar(a[1]) == attribute,
        JsonValue v => Template.Scalar(v) == $"{resource}.{attribute}",
        _ => false,
    };

    /// <summary>Every mapping in the tree with its path, depth first.</summary>
    public static IEnumerable<(JsonObject Node, string Path)> Objects(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return (obj, path);
                foreach (var (key, value) in obj)
                {
                    foreach (var child in Objects(value, $"{path}.{key}"))
                    {
                        yield return child;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var child in Objects(array[i], $"{path}[{i}]"))
                    {
                        yield return child;
                    }
                }

                break;
        }
    }
}
