using System.Collections;
using System.Reflection;
using SciTldr.Ingestion;
using SciTldr.Ingestion.Sources;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Quality.Alerts;
using SciTldr.Quality.Rulesets;
using SciTldr.Reporting;

namespace SciTldr.Infra.Tests.Validation;

/// <summary>
/// The environment variables each service reads, derived from its options types by reflection:
/// a setting <c>Section:Sub:Property</c> is the variable <c>Section__Sub__Property</c>. Dictionary
/// properties (e.g. <c>Quality:Severities</c>) accept any key below them.
/// </summary>
public static class ServiceSettings
{
    public static readonly IReadOnlyList<string> Stages = ["ingestion", "transformation", "quality", "reporting"];

    /// <summary>What every container must be given: without them a service talks to the wrong bucket or queues.</summary>
    public static readonly IReadOnlyList<string> Essential = [Variable(LakeOptions.SectionName, nameof(LakeOptions.Bucket)), Variable(MessagingOptions.Section, nameof(MessagingOptions.QueuePrefix))];

    /// <summary>Read by the host and SDKs rather than by an options type (AWS SDK, OpenTelemetry, ASP.NET Core, logging).</summary>
    private static readonly string[] HostVariables =
    [
        "AWS_REGION", "AWS_DEFAULT_REGION", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
        "ASPNETCORE_URLS", "Logging__Console__FormatterName",
    ];

    private static readonly string[] HostPrefixes = ["DOTNET_"];

    public static string Pascal(string stage) => char.ToUpperInvariant(stage[0]) + stage[1..];

    /// <summary>Options types bound by each service, with their configuration section.</summary>
    public static IReadOnlyList<(string Section, Type Options)> OptionsOf(string stage)
    {
        List<(string, Type)> shared = [(LakeOptions.SectionName, typeof(LakeOptions)), (MessagingOptions.Section, typeof(MessagingOptions))];
        return stage switch
        {
            "ingestion" => [.. shared, (IngestionOptions.Section, typeof(IngestionOptions)), (HttpSourceOptions.Section, typeof(HttpSourceOptions))],
            "transformation" => shared,
            "quality" => [.. shared, (QualityOptions.Section, typeof(QualityOptions)), (AlertOptions.SectionName, typeof(AlertOptions))],
            "reporting" => [.. shared, (ReportingOptions.Section, typeof(ReportingOptions))],
            _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "not a stage"),
        };
    }

    /// <summary>Exact variable names, and prefixes under which any name is read (dictionaries, DOTNET_*).</summary>
    public static (IReadOnlySet<string> Names, IReadOnlyList<string> Prefixes) ReadBy(string stage)
    {
        var names = new HashSet<string>(HostVariables, StringComparer.Ordinal);
        var prefixes = new List<string>(HostPrefixes);
        foreach (var (section, options) in OptionsOf(stage))
        {
            Collect(section.Replace(":", "__", StringComparison.Ordinal), options, names, prefixes);
        }

        return (names, prefixes);
    }

    public static bool Reads(string stage, string variable)
    {
        var (names, prefixes) = ReadBy(stage);
        return names.Contains(variable) || prefixes.Any(p => variable.StartsWith(p, StringComparison.Ordinal) && variable.Length > p.Length);
    }

    private static void Collect(string prefix, Type type, HashSet<string> names, List<string> prefixes)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true })
            {
                continue;
            }

            var name = Variable(prefix, property.Name);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                names.Add(name);
            }
            else if (typeof(IDictionary).IsAssignableFrom(propertyType))
            {
                prefixes.Add(name + "__");
            }
            else if (propertyType.IsClass)
            {
                Collect(name, propertyType, names, prefixes);
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri);

    private static string Variable(string section, string property) => $"{section.Replace(":", "__", StringComparison.Ordinal)}__{property}";
}
