using System.IO.Compression;
using System.Text.Json;

namespace SciTldr.Infra.Tests.Validation;

/// <summary>A property or element type of the CloudFormation resource specification.</summary>
/// <param name="Kind">string, integer, number, boolean, date-time, json, tag, array, map, ref or union.</param>
/// <param name="Element">The element type of an array or map.</param>
/// <param name="Reference">The id of the type definition of a ref.</param>
/// <param name="Members">The alternatives of a union.</param>
public sealed record SpecType(string Kind, SpecType? Element, string? Reference, IReadOnlyList<SpecType> Members);

/// <summary>A property of a resource or of a nested type; <see cref="Types"/> holds the current type and any previous ones CloudFormation still accepts.</summary>
public sealed record SpecProperty(string Name, bool Required, IReadOnlyList<SpecType> Types);

public sealed record SpecResource(string Type, IReadOnlyDictionary<string, SpecProperty> Properties, IReadOnlySet<string> Attributes);

public sealed record SpecTypeDefinition(string Name, IReadOnlyDictionary<string, SpecProperty> Properties);

/// <summary>
/// The CloudFormation resource specification as shipped by the npm package @aws-cdk/aws-service-spec
/// (<c>db.json.gz</c>: <c>schema.resource.entities</c> are resources with properties and attributes,
/// <c>schema.typeDefinition.entities</c> the nested property types they point at by <c>$ref</c> id).
/// </summary>
public sealed class CfnSpec
{
    public const string PackageVersion = "0.1.216";

    private readonly Dictionary<string, SpecResource> _resources;
    private readonly Dictionary<string, SpecTypeDefinition> _types;

    private CfnSpec(Dictionary<string, SpecResource> resources, Dictionary<string, SpecTypeDefinition> types)
    {
        _resources = resources;
        _types = types;
    }

    public static string DefaultPath(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "tools", "node_modules", "@aws-cdk", "aws-service-spec", "db.json.gz");

    public int ResourceCount => _resources.Count;

    public SpecResource? Resource(string cloudFormationType) => _resources.GetValueOrDefault(cloudFormationType);

    public SpecTypeDefinition TypeDefinition(string id) =>
        _types.TryGetValue(id, out var type) ? type : throw new InvalidDataException($"The spec has no type definition {id}");

    public static CfnSpec Load(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var document = JsonDocument.Parse(gzip, new JsonDocumentOptions { MaxDepth = 256 });
        var schema = document.RootElement.GetProperty("schema");

        var types = new Dictionary<string, SpecTypeDefinition>(StringComparer.Ordinal);
        foreach (var entity in schema.GetProperty("typeDefinition").GetProperty("entities").EnumerateArray())
        {
            types[entity.GetProperty("$id").GetString()!] =
                new SpecTypeDefinition(entity.GetProperty("name").GetString()!, ReadProperties(entity));
        }

        var resources = new Dictionary<string, SpecResource>(StringComparer.Ordinal);
        foreach (var entity in schema.GetProperty("resource").GetProperty("entities").EnumerateArray())
        {
            var type = entity.GetProperty("cloudFormationType").GetString()!;
            var attributes = entity.TryGetProperty("attributes", out var attrs)
                ? attrs.EnumerateObject().Select(a => a.Name).ToHashSet(StringComparer.Ordinal)
                : [];
            resources[type] = new SpecResource(type, ReadProperties(entity), attributes);
        }

        return new CfnSpec(resources, types);
    }

    private static Dictionary<string, SpecProperty> ReadProperties(JsonElement entity)
    {
        var properties = new Dictionary<string, SpecProperty>(StringComparer.Ordinal);
        if (!entity.TryGetProperty("properties", out var props))
        {
            return properties;
        }

        foreach (var prop in props.EnumerateObject())
        {
            var required = prop.Value.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
            var typeList = new List<SpecType> { ReadType(prop.Value.GetProperty("type")) };
            if (prop.Value.TryGetProperty("previousTypes", out var previous))
            {
                typeList.AddRange(previous.EnumerateArray().Select(ReadType));
            }

            properties[prop.Name] = new SpecProperty(prop.Name, required, typeList);
        }

        return properties;
    }

    private static SpecType ReadType(JsonElement type)
    {
        var kind = type.GetProperty("type").GetString()!;
        return kind switch
        {
            "array" or "map" => new SpecType(kind, ReadType(type.GetProperty("element")), null, []),
            "ref" => new SpecType(kind, null, type.GetProperty("reference").GetProperty("$ref").GetString(), []),
            "union" => new SpecType(kind, null, null, type.GetProperty("types").EnumerateArray().Select(ReadType).ToList()),
            _ => new SpecType(kind, null, null, []),
        };
    }
}
