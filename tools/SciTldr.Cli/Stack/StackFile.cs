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

    /// <summary>
    /// With <c>SCITLDR_STACK=compose</c>, the stack docker-compose.yml runs: reached through the ports it
    /// publishes on this machine, the emulator's (<c>EMULATOR_PORT</c>, default 4566) and the dashboard's
    /// (<c>DASHBOARD_PORT</c>, default 8080), as compose reads them. Null otherwise.
    /// </summary>
    public static StackFile? FromComposeEnvironment()
    {
        if (!string.Equals(Environment.GetEnvironmentVariable("SCITLDR_STACK"), "compose", StringComparison.Ordinal))
        {
            return null;
        }

        static string Port(string variable, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(variable), out var port) && port is > 0 and < 65536 ? port.ToString(System.Globalization.CultureInfo.InvariantCulture) : fallback.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var dashboard = $"http://localhost:{Port("DASHBOARD_PORT", 8080)}";
        return OfContainers(
            $"http://127.0.0.1:{Port("EMULATOR_PORT", StackDefaults.EmulatorPort)}",
            stage => stage == Contracts.Stages.Reporting ? dashboard : $"http://{stage}:8080");
    }

    /// <summary>
    /// A stack whose parts run in containers, not as processes of this machine (so no process ids), with the
    /// default bucket and queue prefix: its emulator's address and each service's as this machine reaches them.
    /// </summary>
    public static StackFile OfContainers(string awsEndpoint, Func<string, string> serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        return new StackFile
        {
            AwsEndpoint = awsEndpoint,
            Region = StackDefaults.Region,
            Bucket = StackDefaults.Bucket,
            QueuePrefix = StackDefaults.QueuePrefix,
            Emulator = new ProcessEntry(0),
            Services = StackDefaults.Services.ToDictionary(stage => stage, stage => new ServiceEntry(serviceUrl(stage), 0)),
            Dashboard = serviceUrl(Contracts.Stages.Reporting) + "/",
        };
    }

    /// <summary>The AWS settings a client of this stack uses (the standard variables).</summary>
    public IReadOnlyDictionary<string, string> AwsEnvironment => StackDefaults.AwsEnvironment(AwsEndpoint, Region);
}

public sealed record ProcessEntry(int Pid);

public sealed record ServiceEntry(string Url, int Pid);
