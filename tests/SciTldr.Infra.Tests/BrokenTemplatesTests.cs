using System.Text.Json.Nodes;
using SciTldr.Infra.Tests.Validation;

namespace SciTldr.Infra.Tests;

/// <summary>
/// Each check is shown to catch a deliberately broken copy of the real templates: the copy differs by
/// one mistake, and the validator reports exactly that mistake (one problem, its rule and its place).
/// </summary>
public sealed class BrokenTemplatesTests
{
    [Fact]
    public void Short_form_intrinsic_tags_are_refused()
    {
        var (name, yaml) = InfraTemplates.Yaml.Single(y => y.Name == "network.yaml");
        var broken = yaml.Replace("CidrBlock: { Ref: VpcCidr }", "CidrBlock: !Ref VpcCidr", StringComparison.Ordinal);
        Assert.NotEqual(yaml, broken);

        var error = Assert.Throws<TemplateFormatException>(() => Template.Parse(name, broken));

        Assert.Contains("!Ref", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Misspelled_resource_type_is_reported()
    {
        AssertOnlyProblem("network.yaml", Rules.UnknownResourceType, "Resources.PrivateRouteTable.Type", t =>
            Resource(t, "network.yaml", "PrivateRouteTable")["Type"] = "AWS::EC2::RouteTabel");
    }

    [Fact]
    public void Missing_required_property_is_reported()
    {
        AssertOnlyProblem("monitoring.yaml", Rules.MissingRequiredProperty, "Resources.Trail.Properties.IsLogging", t =>
            Properties(t, "monitoring.yaml", "Trail").Remove("IsLogging"));
    }

    [Fact]
    public void Missing_required_property_of_a_nested_type_is_reported()
    {
        AssertOnlyProblem("compute.yaml", Rules.MissingRequiredProperty, "Resources.IngestionTaskDefinition.Properties.ContainerDefinitions[1].Image", t =>
            ((JsonObject)Properties(t, "compute.yaml", "IngestionTaskDefinition")["ContainerDefinitions"]![1]!).Remove("Image"));
    }

    [Fact]
    public void Misspelled_property_is_reported()
    {
        AssertOnlyProblem("data.yaml", Rules.UnknownProperty, "Resources.IngestionQueue.Properties.VisibilityTimout", t =>
            Rename(Properties(t, "data.yaml", "IngestionQueue"), "VisibilityTimeout", "VisibilityTimout"));
    }

    [Fact]
    public void Misspelled_property_of_a_nested_type_is_reported()
    {
        AssertOnlyProblem("data.yaml", Rules.UnknownProperty, "Resources.LakeBucket.Properties.PublicAccessBlockConfiguration.BlockPublicAcl", t =>
            Rename((JsonObject)Properties(t, "data.yaml", "LakeBucket")["PublicAccessBlockConfiguration"]!, "BlockPublicAcls", "BlockPublicAcl"));
    }

    [Fact]
    public void Misspelled_property_inside_a_condition_branch_is_reported()
    {
        const string path = "Resources.IngestionTaskDefinition.Properties.ContainerDefinitions[0].Environment[7].Fn::If[1].Valu";
        AssertOnlyProblem("compute.yaml", Rules.UnknownProperty, path, t =>
        {
            var environment = (JsonArray)Properties(t, "compute.yaml", "IngestionTaskDefinition")["ContainerDefinitions"]![0]!["Environment"]!;
            Rename((JsonObject)environment[7]!["Fn::If"]![1]!, "Value", "Valu");
        });
    }

    [Fact]
    public void Scalar_where_a_list_belongs_is_reported()
    {
        AssertOnlyProblem("compute.yaml", Rules.Shape, "Resources.IngestionTaskDefinition.Properties.RequiresCompatibilities", t =>
            Properties(t, "compute.yaml", "IngestionTaskDefinition")["RequiresCompatibilities"] = "FARGATE");
    }

    [Fact]
    public void Word_where_an_integer_belongs_is_reported()
    {
        AssertOnlyProblem("monitoring.yaml", Rules.Shape, "Resources.IngestionDeadLetterAlarm.Properties.Period", t =>
            Properties(t, "monitoring.yaml", "IngestionDeadLetterAlarm")["Period"] = "sixty");
    }

    [Fact]
    public void Dangling_ref_is_reported()
    {
        AssertOnlyProblem("compute.yaml", Rules.DanglingRef, "Resources.IngestionService.Properties.Cluster.Ref", t =>
            Properties(t, "compute.yaml", "IngestionService")["Cluster"] = new JsonObject { ["Ref"] = "Clustr" });
    }

    [Fact]
    public void Dangling_depends_on_is_reported()
    {
        AssertOnlyProblem("data.yaml", Rules.DanglingRef, "Resources.LakeBucket.DependsOn", t =>
            Resource(t, "data.yaml", "LakeBucket")["DependsOn"] = "IngestionQueuePolicyy");
    }

    [Fact]
    public void GetAtt_of_an_attribute_the_resource_lacks_is_reported()
    {
        AssertOnlyProblem("data.yaml", Rules.UnknownAttribute, "Outputs.LakeBucketArn.Value.Fn::GetAtt", t =>
            t.Single(x => x.Name == "data.yaml").Outputs["LakeBucketArn"]!["Value"] = new JsonObject { ["Fn::GetAtt"] = new JsonArray("LakeBucket", "Arnn") });
    }

    [Fact]
    public void GetAtt_of_a_missing_resource_is_reported()
    {
        AssertOnlyProblem("network.yaml", Rules.DanglingGetAtt, "Resources.NatGateway.Properties.AllocationId.Fn::GetAtt", t =>
            Properties(t, "network.yaml", "NatGateway")["AllocationId"] = new JsonObject { ["Fn::GetAtt"] = new JsonArray("NatAdress", "AllocationId") });
    }

    [Fact]
    public void Sub_variable_that_names_nothing_is_reported()
    {
        AssertOnlyProblem("network.yaml", Rules.DanglingSub, "Resources.Vpc.Properties.Tags[0].Value.Fn::Sub", t =>
            Properties(t, "network.yaml", "Vpc")["Tags"]![0]!["Value"] = new JsonObject { ["Fn::Sub"] = "${StackName}-vpc" });
    }

    [Fact]
    public void Sub_attribute_the_resource_lacks_is_reported()
    {
        AssertOnlyProblem("monitoring.yaml", Rules.UnknownAttribute, "Outputs.DashboardUrl.Value.Fn::Sub", t =>
            t.Single(x => x.Name == "monitoring.yaml").Outputs["DashboardUrl"]!["Value"] = new JsonObject { ["Fn::Sub"] = "https://console/${Dashboard.DashboardArn}" });
    }

    [Fact]
    public void Section_that_is_not_part_of_a_template_is_reported()
    {
        AssertOnlyProblem("analytics.yaml", Rules.Structure, "Output", t =>
            t.Single(x => x.Name == "analytics.yaml").Root["Output"] = new JsonObject());
    }

    [Fact]
    public void Unused_parameter_is_reported()
    {
        AssertOnlyProblem("analytics.yaml", Rules.UnusedParameter, "Parameters.TablePrefix", t =>
            t.Single(x => x.Name == "analytics.yaml").Parameters["TablePrefix"] = new JsonObject { ["Type"] = "String", ["Default"] = "scitldr_" });
    }

    [Fact]
    public void Default_outside_the_allowed_values_is_reported()
    {
        AssertOnlyProblem("network.yaml", Rules.BadParameter, "Parameters.CreateNatGateway.Default", t =>
            t.Single(x => x.Name == "network.yaml").Parameters["CreateNatGateway"]!["Default"] = "yes");
    }

    [Fact]
    public void Unknown_condition_is_reported()
    {
        AssertOnlyProblem("network.yaml", Rules.UnknownCondition, "Resources.Vpc.Condition", t =>
            Resource(t, "network.yaml", "Vpc")["Condition"] = "CreateVcp");
    }

    [Fact]
    public void Import_that_no_stack_exports_is_reported()
    {
        AssertOnlyProblem("compute.yaml", Rules.UnmatchedImport, "Resources.IngestionService.Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups[0]", t =>
        {
            var groups = (JsonArray)Properties(t, "compute.yaml", "IngestionService")["NetworkConfiguration"]!["AwsvpcConfiguration"]!["SecurityGroups"]!;
            groups[0] = new JsonObject { ["Fn::ImportValue"] = new JsonObject { ["Fn::Sub"] = "${NetworkStackName}-TaskSecurityGroup" } };
        });
    }

    [Fact]
    public void Shared_parameter_that_differs_between_stacks_is_reported()
    {
        AssertOnlyProblem("monitoring.yaml", Rules.InconsistentParameter, "Parameters.QueuePrefix.Default", t =>
            t.Single(x => x.Name == "monitoring.yaml").Parameters["QueuePrefix"]!["Default"] = "pipeline-");
    }

    [Theory]
    [InlineData("*")]
    [InlineData("logs:*")]
    [InlineData("logs:Put*")]
    public void Wildcard_action_is_reported(string action)
    {
        AssertOnlyProblem("compute.yaml", Rules.WildcardAction, "Resources.QualityTaskRole.Properties.Policies[2].PolicyDocument.Statement[0]", t =>
            Statement(t, "QualityTaskRole", 2, 0)["Action"] = new JsonArray(action));
    }

    [Fact]
    public void Wildcard_resource_for_an_action_that_takes_arns_is_reported()
    {
        AssertOnlyProblem("compute.yaml", Rules.WildcardResource, "Resources.QualityTaskRole.Properties.Policies[2].PolicyDocument.Statement[0]", t =>
            Statement(t, "QualityTaskRole", 2, 0)["Resource"] = "*");
    }

    [Fact]
    public void Two_metric_queries_returning_data_are_reported()
    {
        AssertOnlyProblem("compute.yaml", Rules.MetricMath, "Resources.IngestionScalingPolicy.Properties.TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Metrics", t =>
            Properties(t, "compute.yaml", "IngestionScalingPolicy")["TargetTrackingScalingPolicyConfiguration"]!["CustomizedMetricSpecification"]!["Metrics"]![0]!["ReturnData"] = "true");
    }

    [Fact]
    public void Metric_math_that_returns_nothing_is_reported()
    {
        AssertOnlyProblem("compute.yaml", Rules.MetricMath, "Resources.QualityScaleFromZeroAlarm.Properties.Metrics", t =>
            Properties(t, "compute.yaml", "QualityScaleFromZeroAlarm")["Metrics"]![2]!["ReturnData"] = "false");
    }

    [Fact]
    public void Default_cpu_and_memory_that_fargate_does_not_offer_are_reported()
    {
        AssertOnlyProblem("compute.yaml", Rules.FargateSize, "Parameters.IngestionMemory.Default", t =>
            t.Single(x => x.Name == "compute.yaml").Parameters["IngestionMemory"]!["Default"] = "8192");
    }

    [Fact]
    public void Size_rule_that_admits_an_invalid_pair_is_reported()
    {
        AssertOnlyProblem("compute.yaml", Rules.FargateSize, "Rules", t =>
        {
            var rule = t.Single(x => x.Name == "compute.yaml").Section("Rules")["ReportingFargateSize"]!;
            var cpu256 = rule["Assertions"]![0]!["Assert"]!["Fn::Or"]![0]!["Fn::And"]![1]!["Fn::Contains"]![0]!.AsArray();
            cpu256.Add("4096");
        });
    }

    [Fact]
    public void Service_without_its_dead_letter_alarm_is_reported()
    {
        AssertOnlyProblem(ProjectRules.AllTemplates, Rules.ServiceResources, "Resources.TransformationDeadLetterAlarm", t =>
            t.Single(x => x.Name == "monitoring.yaml").Resources.Remove("TransformationDeadLetterAlarm"));
    }

    [Fact]
    public void Dead_letter_alarm_on_the_wrong_queue_is_reported()
    {
        AssertOnlyProblem("monitoring.yaml", Rules.ServiceResources, "Resources.QualityDeadLetterAlarm", t =>
            Properties(t, "monitoring.yaml", "QualityDeadLetterAlarm")["Dimensions"]![0]!["Value"] = new JsonObject { ["Fn::Sub"] = "${QueuePrefix}quality" });
    }

    [Fact]
    public void Queue_that_dead_letters_into_another_stages_dlq_is_reported()
    {
        AssertOnlyProblem("data.yaml", Rules.ServiceResources, "Resources.QualityQueue", t =>
            Properties(t, "data.yaml", "QualityQueue")["RedrivePolicy"]!["deadLetterTargetArn"] = new JsonObject { ["Fn::GetAtt"] = new JsonArray("ReportingDeadLetterQueue", "Arn") });
    }

    [Fact]
    public void Environment_variable_the_service_does_not_read_is_reported()
    {
        AssertOnlyProblem("compute.yaml", Rules.EnvironmentNotRead, "Resources.QualityTaskDefinition.Properties.ContainerDefinitions[quality].Lake__Bukket", t =>
            Environment(t, "QualityTaskDefinition").Add(new JsonObject { ["Name"] = "Lake__Bukket", ["Value"] = "x" }));
    }

    [Fact]
    public void Another_services_setting_is_reported()
    {
        AssertOnlyProblem("compute.yaml", Rules.EnvironmentNotRead, "Resources.TransformationTaskDefinition.Properties.ContainerDefinitions[transformation].Ingestion__Watcher__Enabled", t =>
            Environment(t, "TransformationTaskDefinition").Add(new JsonObject { ["Name"] = "Ingestion__Watcher__Enabled", ["Value"] = "true" }));
    }

    [Fact]
    public void Container_without_the_lake_bucket_is_reported()
    {
        AssertOnlyProblem("compute.yaml", Rules.EnvironmentMissing, "Resources.ReportingTaskDefinition.Properties.ContainerDefinitions[reporting].Lake__Bucket", t =>
        {
            var environment = Environment(t, "ReportingTaskDefinition");
            environment.Remove(environment.Single(e => e?["Name"]?.GetValue<string>() == "Lake__Bucket"));
        });
    }

    [Fact]
    public void Bucket_without_the_tls_only_deny_is_reported()
    {
        AssertOnlyProblem("data.yaml", Rules.TlsOnly, "Resources.LakeBucket", t =>
            ((JsonArray)Properties(t, "data.yaml", "LakeBucketPolicy")["PolicyDocument"]!["Statement"]!).Clear());
    }

    [Fact]
    public void Task_role_reading_a_prefix_its_service_does_not_need_is_reported()
    {
        var problem = AssertOnlyProblem("compute.yaml", Rules.LeastPrivilege, "Resources.ReportingTaskRole", t =>
            ((JsonArray)Statement(t, "ReportingTaskRole", 1, 0)["Resource"]!).Add(new JsonObject { ["Fn::Sub"] = "arn:${AWS::Partition}:s3:::${LakeBucketName}/bronze/*" }));

        Assert.Contains("s3:GetObject", problem.Message, StringComparison.Ordinal);
        Assert.Contains("bronze", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Task_role_that_cannot_abort_its_multipart_uploads_is_reported()
    {
        var problem = AssertOnlyProblem("compute.yaml", Rules.LeastPrivilege, "Resources.TransformationTaskRole", t =>
            Statement(t, "TransformationTaskRole", 1, 1)["Action"] = new JsonArray("s3:PutObject"));

        Assert.Contains("s3:AbortMultipartUpload is missing", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Task_role_that_receives_from_another_queue_is_reported()
    {
        var problem = AssertOnlyProblem("compute.yaml", Rules.LeastPrivilege, "Resources.QualityTaskRole", t =>
            Statement(t, "QualityTaskRole", 0, 0)["Resource"] = new JsonArray(
                new JsonObject { ["Fn::Sub"] = "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueuePrefix}quality" },
                new JsonObject { ["Fn::Sub"] = "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueuePrefix}reporting" }));

        Assert.Contains("sqs:ChangeMessageVisibility", problem.Message, StringComparison.Ordinal);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static Problem AssertOnlyProblem(string template, string rule, string path, Action<IReadOnlyList<Template>> breakIt)
    {
        var templates = InfraTemplates.Load();
        breakIt(templates);

        var problems = InfraTemplates.Validate(templates);

        var problem = Assert.Single(problems);
        Assert.Equal((template, rule, path), (problem.Template, problem.Rule, problem.Path));
        return problem;
    }

    private static JsonObject Resource(IReadOnlyList<Template> templates, string template, string id) =>
        (JsonObject)templates.Single(t => t.Name == template).Resources[id]!;

    private static JsonObject Properties(IReadOnlyList<Template> templates, string template, string id) =>
        (JsonObject)Resource(templates, template, id)["Properties"]!;

    private static JsonObject Statement(IReadOnlyList<Template> templates, string role, int policy, int statement) =>
        (JsonObject)Properties(templates, "compute.yaml", role)["Policies"]![policy]!["PolicyDocument"]!["Statement"]![statement]!;

    private static JsonArray Environment(IReadOnlyList<Template> templates, string taskDefinition) =>
        (JsonArray)Properties(templates, "compute.yaml", taskDefinition)["ContainerDefinitions"]![0]!["Environment"]!;

    private static void Rename(JsonObject obj, string from, string to)
    {
        var value = obj[from];
        obj.Remove(from);
        obj[to] = value;
    }
}
