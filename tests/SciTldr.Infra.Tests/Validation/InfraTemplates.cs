using SciTldr.Testing;

namespace SciTldr.Infra.Tests.Validation;

/// <summary>The repository's templates and the pinned specification, each read once per test run.</summary>
public static class InfraTemplates
{
    private static readonly Lazy<CfnSpec> LoadedSpec = new(() =>
    {
        var path = CfnSpec.DefaultPath(RepositoryPaths.Root);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The CloudFormation spec is missing: run tools/install.sh (npm ci installs @aws-cdk/aws-service-spec {CfnSpec.PackageVersion})", path);
        }

        return CfnSpec.Load(path);
    });

    private static readonly Lazy<IReadOnlyList<(string Name, string Yaml)>> Sources = new(() =>
        System.IO.Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToList());

    private static readonly Lazy<IReadOnlyList<Template>> Parsed = new(() =>
        Sources.Value.Select(s => Template.Parse(s.Name, s.Yaml)).ToList());

    public static string Folder => Path.Combine(RepositoryPaths.Root, "infra");

    public static CfnSpec Spec => LoadedSpec.Value;

    public static IReadOnlyList<(string Name, string Yaml)> Yaml => Sources.Value;

    /// <summary>Fresh copies that a test may change.</summary>
    public static IReadOnlyList<Template> Load() => Parsed.Value.Select(t => t.Clone()).ToList();

    public static IReadOnlyList<Problem> Validate(IReadOnlyList<Template> templates) => new InfraValidator(Spec).Validate(templates);
}
