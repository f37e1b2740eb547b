using SciTldr.Infra.Tests.Validation;

namespace SciTldr.Infra.Tests;

public sealed class RealTemplatesTests
{
    [Fact]
    public void Every_template_passes_every_check()
    {
        var problems = InfraTemplates.Validate(InfraTemplates.Load());

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_split_covers_network_data_compute_monitoring_and_analytics()
    {
        Assert.Equal(
            ["analytics.yaml", "compute.yaml", "data.yaml", "monitoring.yaml", "network.yaml"],
            InfraTemplates.Yaml.Select(y => y.Name));
    }

    [Fact]
    public void The_pinned_spec_is_the_full_resource_specification()
    {
        Assert.True(InfraTemplates.Spec.ResourceCount > 1000, $"{InfraTemplates.Spec.ResourceCount} resource types");
        Assert.NotNull(InfraTemplates.Spec.Resource("AWS::ECS::TaskDefinition"));
    }
}
