using System.Text.Json;
using System.Text.Json.Serialization;

namespace SciTldr.Cli.Stack;

/// <summary>
/// <c>.scitldr/stack.json</c>: how to reach the running local stack (interfaces.md, "Local stack
/// discovery"). Written by <c>up</c>, removed by <c>down</c>.
/// </summary>
public sealed record StackFile
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string AwsEndpoint { get; init; }

    public required string Region { get; init; }

    public required string Bucket { get; init; }

    public required string QueuePrefix { get; init; }

    public required ProcessEntry Emulator { get; init; }

    public required Dictionary<string, ServiceEntry> Services { get; init; }

    public required string Dashboard { get; init; }

    public static string PathUnder(string root) => System.IO.Path.Combine(RepositoryRoot.StateDirectory(root), "stack.json");

    public static StackFile? TryRead(string root)
    {
        var path = PathUnder(root);
        return File.Exists(path) ? JsonSerializer.Deserialize<StackFile>(File.ReadAllText(path), Json) : null;
    }

    public void Write(string root) => WriteTo(RepositoryRoot.StateDirectory(root));

    public void WriteTo(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        File.WriteAllText(System.IO.Path.Combine(stateDirectory, "stack.json"), JsonSerializer.Serialize(this, Json));
    }

    /// <summary>The AWS settings a client of this stack uses (the standard variables).</summary>
    public IReadOnlyDictionary<string, string> AwsEnvironment => StackDefaults.AwsEnvironment(AwsEndpoint, Region);
}

public sealed record ProcessEntry(int Pid);

public sealed record ServiceEntry(string Url, int Pid);
