using System.Text.Json.Nodes;

namespace SciTldr.Infra.Tests.Validation;

/// <summary>Evaluates a template rule's Assert (Fn::And, Fn::Or, Fn::Not, Fn::Equals, Fn::Contains over Ref to parameters) for given parameter values.</summary>
public static class RuleCondition
{
    public static bool Evaluate(JsonNode? condition, IReadOnlyDictionary<string, string?> parameters)
    {
        if (condition is not JsonObject { Count: 1 } call)
        {
            throw new InvalidDataException($"not a rule function: {condition?.ToJsonString()}");
        }

        var (function, args) = call.First();
        var list = args as JsonArray ?? [];
        return function switch
        {
            "Fn::And" => list.All(a => Evaluate(a, parameters)),
            "Fn::Or" => list.Any(a => Evaluate(a, parameters)),
            "Fn::Not" => !Evaluate(list.Single(), parameters),
            "Fn::Equals" => Value(list[0], parameters) == Value(list[1], parameters),
            "Fn::Contains" => (list[0] as JsonArray ?? []).Select(v => Value(v, parameters)).Contains(Value(list[1], parameters)),
            _ => throw new InvalidDataException($"rule function {function} is not evaluated here"),
        };
    }

    private static string? Value(JsonNode? node, IReadOnlyDictionary<string, string?> parameters) =>
        node is JsonObject { Count: 1 } o && Template.Scalar(o["Ref"]) is { } name
            ? parameters.TryGetValue(name, out var value) ? value : throw new InvalidDataException($"no value for {name}")
            : Template.Scalar(node);
}
