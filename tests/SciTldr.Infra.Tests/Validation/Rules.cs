namespace SciTldr.Infra.Tests.Validation;

/// <summary>The names of the checks, as they appear in <see cref="Problem.Rule"/>.</summary>
public static class Rules
{
    // Against the CloudFormation specification and the template's own names.
    public const string Structure = "structure";
    public const string UnknownResourceType = "unknown-resource-type";
    public const string UnknownProperty = "unknown-property";
    public const string MissingRequiredProperty = "missing-required-property";
    public const string Shape = "shape";
    public const string DanglingRef = "dangling-ref";
    public const string DanglingGetAtt = "dangling-getatt";
    public const string UnknownAttribute = "unknown-attribute";
    public const string DanglingSub = "dangling-sub";
    public const string UnknownCondition = "unknown-condition";
    public const string UnusedParameter = "unused-parameter";
    public const string BadParameter = "bad-parameter";
    public const string UnmatchedImport = "unmatched-import";
    public const string InconsistentParameter = "inconsistent-parameter";

    // The project's own rules.
    public const string ServiceResources = "service-resources";
    public const string FargateSize = "fargate-size";
    public const string MetricMath = "metric-math";
    public const string WildcardAction = "wildcard-action";
    public const string WildcardResource = "wildcard-resource";
    public const string TlsOnly = "tls-only";
    public const string EnvironmentNotRead = "env-not-read";
    public const string EnvironmentMissing = "env-missing";
    public const string LeastPrivilege = "least-privilege";
}
