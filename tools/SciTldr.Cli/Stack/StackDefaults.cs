using SciTldr.Contracts;

namespace SciTldr.Cli.Stack;

/// <summary>Defaults of the local stack; each can be overridden by an option of <c>up</c>.</summary>
public static class StackDefaults
{
    public const int EmulatorPort = 4566;
    public const int FirstServicePort = 5101;
    public const string Region = "us-east-1";
    public const string Bucket = "scitldr-lake";
    public const string QueuePrefix = "scitldr-";

    /// <summary>The emulator accepts any credentials; these are placeholders, not secrets.</summary>
    public const string LocalAccessKey = "local";
    public const string LocalSecretKey = "local";

    public static readonly IReadOnlyList<string> Services = Stages.All;

    public static IReadOnlyDictionary<string, string> AwsEnvironment(string endpoint, string region) => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL"] = endpoint,
        ["AWS_REGION"] = region,
        ["AWS_ACCESS_KEY_ID"] = LocalAccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = LocalSecretKey,
    };

    public static string ProjectName(string stage) => "SciTldr." + char.ToUpperInvariant(stage[0]) + stage[1..];
}
