using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SciTldr.Infra.Tests.Validation;

/// <summary>
/// The project's own rules over the whole set of templates: every service has its queue, DLQ, DLQ
/// alarm, log group, roles, task definition, service and scaling; Fargate sizes are valid; metric math
/// returns one series; IAM has no wildcard actions and no more access than each service needs; every
/// bucket refuses plain HTTP; each container gets exactly the environment variables its service reads.
/// </summary>
public static partial class ProjectRules
{
    /// <summary>Where a problem spans templates.</summary>
    public const string AllTemplates = "infra";

    /// <summary>Valid Fargate (Linux) task sizes: CPU units to the memory sizes (MiB) allowed with them.</summary>
    public static readonly IReadOnlyDictionary<int, int[]> FargateSizes = new Dictionary<int, int[]>
    {
        [256] = [512, 1024, 2048],
        [512] = Steps(1024, 4096, 1024),
        [1024] = Steps(2048, 8192, 1024),
        [2048] = Steps(4096, 16384, 1024),
        [4096] = Steps(8192, 30720, 1024),
        [8192] = Steps(16384, 61440, 4096),
        [16384] = Steps(32768, 122880, 8192),
    };

    /// <summary>Actions that AWS only grants on <c>"*"</c> (they take no resource ARN).</summary>
    public static readonly IReadOnlySet<string> ResourceLessActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "ecr:GetAuthorizationToken",
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
        "cloudwatch:PutMetricData",
    };

    private static readonly (string Suffix, string Type)[] ServiceResources =
    [
        ("Queue", "AWS::SQS::Queue"),
        ("DeadLetterQueue", "AWS::SQS::Queue"),
        ("DeadLetterAlarm", "AWS::CloudWatch::Alarm"),
        ("LogGroup", "AWS::Logs::LogGroup"),
        ("TaskRole", "AWS::IAM::Role"),
        ("ExecutionRole", "AWS::IAM::Role"),
        ("TaskDefinition", "AWS::ECS::TaskDefinition"),
        ("Service", "AWS::ECS::Service"),
        ("ScalableTarget", "AWS::ApplicationAutoScaling::ScalableTarget"),
        ("ScalingPolicy", "AWS::ApplicationAutoScaling::ScalingPolicy"),
    ];

    public static IReadOnlyList<Problem> Validate(IReadOnlyList<Template> templates)
    {
        var problems = new List<Problem>();
        foreach (var stage in ServiceSettings.Stages)
        {
            CheckServiceResources(templates, stage, problems);
            CheckEnvironment(templates, stage, problems);
            CheckLeastPrivilege(templates, stage, problems);
        }

        foreach (var template in templates)
        {
            CheckFargateSizes(template, problems);
            CheckMetricMath(template, problems);
            CheckPolicies(template, problems);
            CheckTlsOnly(template, problems);
        }

        return problems;
    }

    private static (Template Template, JsonObject Definition)? Find(IReadOnlyList<Template> templates, string logicalId) =>
        templates.Select(t => (t, t.Resources[logicalId] as JsonObject)).Where(x => x.Item2 is not null)
            .Select(x => ((Template, JsonObject)?)(x.t, x.Item2!)).FirstOrDefault();

    // ---- each service has its resources, wired to each other -------------------------------------

    private static void CheckServiceResources(IReadOnlyList<Template> templates, string stage, List<Problem> problems)
    {
        var p = ServiceSettings.Pascal(stage);
        void Report(Template? template, string id, string message) =>
            problems.Add(new Problem(template?.Name ?? AllTemplates, Rules.ServiceResources, $"Resources.{id}", message));

        var found = new Dictionary<string, (Template Template, JsonObject Definition)>();
        foreach (var (suffix, type) in ServiceResources)
        {
            var id = p + suffix;
            if (Find(templates, id) is not { } resource)
            {
                Report(null, id, $"the {stage} service has no {suffix} ({type}) named {id}");
            }
            else if (Template.Scalar(resource.Definition["Type"]) != type)
            {
                Report(resource.Template, id, $"{id} should be a {type}");
            }
            else
            {
                found[suffix] = resource;
            }
        }

        JsonNode? Props(string suffix) => found.TryGetValue(suffix, out var r) ? r.Definition["Properties"] : null;
        string queueName = $"${{QueuePrefix}}{stage}", deadLetterName = $"${{QueuePrefix}}{stage}-dlq";

        if (found.TryGetValue("Queue", out var queue))
        {
            if (Nodes.Text(Props("Queue")?["QueueName"]) != queueName)
            {
                Report(queue.Template, p + "Queue", $"the queue should be named {queueName}");
            }

            var redrive = Props("Queue")?["RedrivePolicy"];
            if (!Nodes.IsGetAtt(redrive?["deadLetterTargetArn"], p + "DeadLetterQueue", "Arn") || redrive?["maxReceiveCount"] is null)
            {
                Report(queue.Template, p + "Queue", $"the queue's RedrivePolicy should send to {p}DeadLetterQueue after maxReceiveCount deliveries");
            }
        }

        if (found.TryGetValue("DeadLetterQueue", out var deadLetter) && Nodes.Text(Props("DeadLetterQueue")?["QueueName"]) != deadLetterName)
        {
            Report(deadLetter.Template, p + "DeadLetterQueue", $"the DLQ should be named {deadLetterName}");
        }

        if (found.TryGetValue("DeadLetterAlarm", out var alarm))
        {
            var props = Props("DeadLetterAlarm");
            var watchesDlq = Template.Scalar(props?["Namespace"]) == "AWS/SQS" &&
                Template.Scalar(props?["MetricName"]) == "ApproximateNumberOfMessagesVisible" &&
                Nodes.Items(props?["Dimensions"]).Any(d => Template.Scalar(d["Name"]) == "QueueName" && Nodes.Text(d["Value"]) == deadLetterName) &&
                Template.Scalar(props?["ComparisonOperator"]) == "GreaterThanThreshold" && Template.Scalar(props?["Threshold"]) == "0" &&
                Nodes.Items(props?["AlarmActions"]).Any();
            if (!watchesDlq)
            {
                Report(alarm.Template, p + "DeadLetterAlarm", $"the alarm should notify when ApproximateNumberOfMessagesVisible of {deadLetterName} > 0");
            }
        }

        if (found.TryGetValue("LogGroup", out var logGroup) && Props("LogGroup")?["RetentionInDays"] is null)
        {
            Report(logGroup.Template, p + "LogGroup", "the log group needs a retention");
        }

        if (found.TryGetValue("TaskDefinition", out var taskDefinition))
        {
            var props = Props("TaskDefinition");
            var container = Container(props, stage);
            var wired = Nodes.IsGetAtt(props?["TaskRoleArn"], p + "TaskRole", "Arn") &&
                Nodes.IsGetAtt(props?["ExecutionRoleArn"], p + "ExecutionRole", "Arn") &&
                container is not null &&
                Template.Scalar(container["LogConfiguration"]?["LogDriver"]) == "awslogs" &&
                Nodes.IsRefTo(container["LogConfiguration"]?["Options"]?["awslogs-group"], p + "LogGroup") &&
                container["HealthCheck"] is not null && container["StopTimeout"] is not null;
            if (!wired)
            {
                Report(taskDefinition.Template, p + "TaskDefinition",
                    $"the task definition should run a container named {stage} (awslogs to {p}LogGroup, a health check, a stop timeout) with {p}TaskRole and {p}ExecutionRole");
            }
        }

        if (found.TryGetValue("Service", out var service))
        {
            var props = Props("Service");
            var breaker = props?["DeploymentConfiguration"]?["DeploymentCircuitBreaker"];
            var ok = Nodes.IsRefTo(props?["TaskDefinition"], p + "TaskDefinition") &&
                Template.Scalar(breaker?["Enable"]) == "true" && Template.Scalar(breaker?["Rollback"]) == "true" &&
                Template.Scalar(props?["NetworkConfiguration"]?["AwsvpcConfiguration"]?["AssignPublicIp"]) == "DISABLED";
            if (!ok)
            {
                Report(service.Template, p + "Service", $"the service should run {p}TaskDefinition without public IP, with the circuit breaker and rollback on");
            }
        }

        if (found.TryGetValue("ScalingPolicy", out var policy))
        {
            var props = Props("ScalingPolicy");
            var scalesOnQueue = Nodes.IsRefTo(props?["ScalingTargetId"], p + "ScalableTarget") &&
                Nodes.Objects(props, "").Any(o => Template.Scalar(o.Node["Name"]) == "QueueName" && Nodes.Text(o.Node["Value"]) == queueName) &&
                Nodes.Objects(props, "").Any(o => Template.Scalar(o.Node["MetricName"]) == "RunningTaskCount");
            if (!scalesOnQueue)
            {
                Report(policy.Template, p + "ScalingPolicy", $"the policy should scale {p}ScalableTarget on {queueName} backlog per running task");
            }
        }
    }

    private static JsonObject? Container(JsonNode? taskDefinitionProperties, string name) =>
        Nodes.Items(taskDefinitionProperties?["ContainerDefinitions"]).OfType<JsonObject>()
            .FirstOrDefault(c => Template.Scalar(c["Name"]) == name);

    // ---- environment variables -------------------------------------------------------------------

    private static void CheckEnvironment(IReadOnlyList<Template> templates, string stage, List<Problem> problems)
    {
        var id = ServiceSettings.Pascal(stage) + "TaskDefinition";
        if (Find(templates, id) is not { } taskDefinition || Container(taskDefinition.Definition["Properties"], stage) is not { } container)
        {
            return;
        }

        var path = $"Resources.{id}.Properties.ContainerDefinitions[{stage}]";
        var given = Nodes.Items(container["Environment"]).Concat(Nodes.Items(container["Secrets"]))
            .Select(e => Template.Scalar(e["Name"]) ?? "").ToList();
        foreach (var name in given.Where(n => !ServiceSettings.Reads(stage, n)))
        {
            problems.Add(new Problem(taskDefinition.Template.Name, Rules.EnvironmentNotRead, $"{path}.{name}", $"the {stage} service reads no variable {name}"));
        }

        foreach (var name in ServiceSettings.Essential.Where(n => !given.Contains(n)))
        {
            problems.Add(new Problem(taskDefinition.Template.Name, Rules.EnvironmentMissing, $"{path}.{name}", $"the {stage} container must be given {name}"));
        }
    }

    // ---- least privilege: each task role reaches exactly what its service needs --------------------

    private static void CheckLeastPrivilege(IReadOnlyList<Template> templates, string stage, List<Problem> problems)
    {
        var id = ServiceSettings.Pascal(stage) + "TaskRole";
        if (Find(templates, id) is not { } role)
        {
            return;
        }

        var access = ServiceAccess.ByStage[stage];
        var granted = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Grant(string action, string target)
        {
            if (!granted.TryGetValue(action, out var set))
            {
                granted[action] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.Add(target);
        }

        // One problem per role, listing every difference, so a single slip reads as a single finding.
        var differences = new List<string>();
        void Report(string message) => differences.Add(message);

        foreach (var statement in Statements(role.Definition["Properties"]).Where(s => Template.Scalar(s["Effect"]) == "Allow"))
        {
            var actions = Nodes.Texts(statement["Action"]).Select(a => a ?? "").ToList();
            var resources = Nodes.Texts(statement["Resource"]).Select(r => r ?? "").ToList();
            foreach (var action in actions.Where(a => a.StartsWith("s3:", StringComparison.Ordinal) || a.StartsWith("sqs:", StringComparison.Ordinal)))
            {
                if (action == "s3:ListBucket")
                {
                    var prefixes = Nodes.Texts(statement["Condition"]?["StringLike"]?["s3:prefix"]);
                    if (resources is not ["arn:${AWS::Partition}:s3:::${LakeBucketName}"] || prefixes.Count == 0)
                    {
                        Report("s3:ListBucket should be on the lake bucket with an s3:prefix condition");
                        continue;
                    }

                    foreach (var prefix in prefixes)
                    {
                        Grant(action, (prefix ?? "").TrimEnd('*').TrimEnd('/'));
                    }

                    continue;
                }

                foreach (var resource in resources)
                {
                    var target = action.StartsWith("s3:", StringComparison.Ordinal) ? LakePrefix().Match(resource) : QueueArn().Match(resource);
                    if (!target.Success)
                    {
                        Report($"{action} on '{resource}' is not on a lake prefix or a pipeline queue");
                        continue;
                    }

                    Grant(action, target.Groups[1].Value);
                }
            }
        }

        var dlq = stage + "-dlq";
        var expected = new Dictionary<string, IEnumerable<string>>(StringComparer.Ordinal)
        {
            ["s3:ListBucket"] = access.Lists,
            ["sqs:SendMessage"] = access.SendsTo.Append(dlq),
            ["sqs:GetQueueUrl"] = access.SendsTo.Append(dlq).Append(stage),
        };
        foreach (var action in ServiceAccess.ReadActions)
        {
            expected[action] = access.Reads;
        }

        foreach (var action in ServiceAccess.WriteActions)
        {
            expected[action] = access.Writes;
        }

        foreach (var action in ServiceAccess.ReceiveActions.Where(a => a != "sqs:GetQueueUrl"))
        {
            expected[action] = [stage];
        }

        foreach (var action in expected.Keys.Union(granted.Keys).Order(StringComparer.Ordinal))
        {
            var want = new SortedSet<string>(expected.GetValueOrDefault(action, []), StringComparer.Ordinal);
            var have = granted.GetValueOrDefault(action) ?? new SortedSet<string>(StringComparer.Ordinal);
            var extra = have.Except(want).ToList();
            var missing = want.Except(have).ToList();
            if (extra.Count > 0)
            {
                Report($"{action} is granted on more than the {stage} service needs: {string.Join(", ", extra)}");
            }

            if (missing.Count > 0)
            {
                Report($"{action} is missing on {string.Join(", ", missing)}, which the {stage} service needs");
            }
        }

        if (differences.Count > 0)
        {
            problems.Add(new Problem(role.Template.Name, Rules.LeastPrivilege, $"Resources.{id}", string.Join("; ", differences)));
        }
    }

    private static IEnumerable<JsonObject> Statements(JsonNode? roleProperties) =>
        Nodes.Items(roleProperties?["Policies"]).SelectMany(policy => Nodes.Items(policy["PolicyDocument"]?["Statement"])).OfType<JsonObject>();

    [GeneratedRegex(@"^arn:\$\{AWS::Partition\}:s3:::\$\{LakeBucketName\}/([a-z]+)/\*$")]
    private static partial Regex LakePrefix();

    [GeneratedRegex(@"^arn:\$\{AWS::Partition\}:sqs:\$\{AWS::Region\}:\$\{AWS::AccountId\}:\$\{QueuePrefix\}([a-z-]+)$")]
    private static partial Regex QueueArn();

    // ---- Fargate sizes -----------------------------------------------------------------------------

    public static bool IsValidFargateSize(string? cpu, string? memory) =>
        int.TryParse(cpu, out var c) && int.TryParse(memory, out var m) && FargateSizes.TryGetValue(c, out var sizes) && sizes.Contains(m);

    private static void CheckFargateSizes(Template template, List<Problem> problems)
    {
        foreach (var (id, definition, _) in template.ResourcesOfType("AWS::ECS::TaskDefinition"))
        {
            var path = $"Resources.{id}.Properties";
            void Report(string where, string message) => problems.Add(new Problem(template.Name, Rules.FargateSize, where, message));
            var cpu = definition["Properties"]?["Cpu"];
            var memory = definition["Properties"]?["Memory"];
            var cpuParameter = Template.Scalar(cpu?["Ref"]);
            var memoryParameter = Template.Scalar(memory?["Ref"]);
            if (cpuParameter is null || memoryParameter is null)
            {
                if (!IsValidFargateSize(Template.Scalar(cpu), Template.Scalar(memory)))
                {
                    Report(path, $"cpu {Template.Scalar(cpu)} with memory {Template.Scalar(memory)} is not a Fargate size");
                }

                continue;
            }

            var cpuSpec = template.Parameters[cpuParameter];
            var memorySpec = template.Parameters[memoryParameter];
            if (cpuSpec?["AllowedValues"] is not JsonArray cpuAllowed || memorySpec?["AllowedValues"] is not JsonArray memoryAllowed)
            {
                Report(path, $"{cpuParameter} and {memoryParameter} need AllowedValues");
                continue;
            }

            var defaults = (Cpu: Template.Scalar(cpuSpec["Default"]), Memory: Template.Scalar(memorySpec["Default"]));
            if (!IsValidFargateSize(defaults.Cpu, defaults.Memory))
            {
                Report($"Parameters.{memoryParameter}.Default", $"the defaults cpu {defaults.Cpu} / memory {defaults.Memory} are not a Fargate size");
            }

            var assertions = template.Section("Rules").Select(r => r.Value?["Assertions"]).OfType<JsonArray>()
                .SelectMany(a => a).Select(a => a?["Assert"])
                .Where(a => References(a, cpuParameter) && References(a, memoryParameter)).ToList();
            if (assertions.Count == 0)
            {
                Report(path, $"no template rule checks that {cpuParameter} and {memoryParameter} are a Fargate size");
                continue;
            }

            var wrong = new List<string>();
            foreach (var c in cpuAllowed.Select(Template.Scalar))
            {
                foreach (var m in memoryAllowed.Select(Template.Scalar))
                {
                    var values = new Dictionary<string, string?> { [cpuParameter] = c, [memoryParameter] = m };
                    var accepted = assertions.All(a => RuleCondition.Evaluate(a, values));
                    if (accepted != IsValidFargateSize(c, m))
                    {
                        wrong.Add($"{c}/{m} {(accepted ? "accepted" : "refused")}");
                    }
                }
            }

            if (wrong.Count > 0)
            {
                Report("Rules", $"the rule on {cpuParameter}/{memoryParameter} is wrong for {string.Join(", ", wrong.Take(5))}{(wrong.Count > 5 ? " …" : "")}");
            }
        }
    }

    private static bool References(JsonNode? node, string parameter) =>
        Nodes.Objects(node, "").Any(o => Template.Scalar(o.Node["Ref"]) == parameter);

    // ---- metric math -------------------------------------------------------------------------------

    private static void CheckMetricMath(Template template, List<Problem> problems)
    {
        var queries = template.ResourcesOfType("AWS::ApplicationAutoScaling::ScalingPolicy")
            .Select(r => (r.Name, Path: "Properties.TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Metrics",
                Metrics: r.Definition["Properties"]?["TargetTrackingScalingPolicyConfiguration"]?["CustomizedMetricSpecification"]?["Metrics"]))
            .Concat(template.ResourcesOfType("AWS::CloudWatch::Alarm").Select(r => (r.Name, Path: "Properties.Metrics", Metrics: r.Definition["Properties"]?["Metrics"])));
        foreach (var (id, path, metrics) in queries)
        {
            if (metrics is not JsonArray list)
            {
                continue;
            }

            // CloudWatch returns a query's data unless ReturnData says false.
            var returning = list.Count(m => Template.Scalar(m?["ReturnData"]) is null or "true");
            if (returning != 1)
            {
                problems.Add(new Problem(template.Name, Rules.MetricMath, $"Resources.{id}.{path}", $"exactly one query must have ReturnData true, not {returning}"));
            }
        }
    }

    // ---- IAM policies ------------------------------------------------------------------------------

    private static void CheckPolicies(Template template, List<Problem> problems)
    {
        foreach (var (node, path) in Nodes.Objects(template.Resources, "Resources"))
        {
            foreach (var key in new[] { "PolicyDocument", "AssumeRolePolicyDocument" })
            {
                if (node[key] is not JsonObject document)
                {
                    continue;
                }

                var statements = Nodes.Items(document["Statement"]).ToList();
                for (var i = 0; i < statements.Count; i++)
                {
                    var statement = statements[i];
                    var where = $"{path}.{key}.Statement[{i}]";
                    // A Deny's wildcard widens what is refused (e.g. the TLS-only deny on s3:*), never what is allowed.
                    if (Template.Scalar(statement["Effect"]) != "Allow")
                    {
                        continue;
                    }

                    var actions = Nodes.Texts(statement["Action"]);
                    if (statement["NotAction"] is not null || actions.Any(a => a is null || a.Contains('*', StringComparison.Ordinal)))
                    {
                        problems.Add(new Problem(template.Name, Rules.WildcardAction, where, $"an Allow with a wildcard or NotAction: {string.Join(", ", actions)}"));
                    }

                    if (statement["NotResource"] is not null || Nodes.Texts(statement["Resource"]).Contains("*"))
                    {
                        var unjustified = actions.Where(a => a is null || !ResourceLessActions.Contains(a)).ToList();
                        var putMetricUnconditioned = actions.Contains("cloudwatch:PutMetricData") &&
                            statement["Condition"]?["StringEquals"]?["cloudwatch:namespace"] is null;
                        if (unjustified.Count > 0 || putMetricUnconditioned)
                        {
                            problems.Add(new Problem(template.Name, Rules.WildcardResource, where,
                                $"Resource \"*\" for actions that take resource ARNs: {string.Join(", ", putMetricUnconditioned ? unjustified.Append("cloudwatch:PutMetricData without a namespace condition") : unjustified)}"));
                        }
                    }
                }
            }
        }
    }

    // ---- every bucket refuses plain HTTP -----------------------------------------------------------

    private static void CheckTlsOnly(Template template, List<Problem> problems)
    {
        var policies = template.ResourcesOfType("AWS::S3::BucketPolicy").Select(p => p.Definition["Properties"]).ToList();
        foreach (var (id, _, _) in template.ResourcesOfType("AWS::S3::Bucket"))
        {
            var denies = policies.Where(p => Nodes.IsRefTo(p?["Bucket"], id))
                .SelectMany(p => Nodes.Items(p?["PolicyDocument"]?["Statement"]))
                .Any(s => Template.Scalar(s["Effect"]) == "Deny" && Template.Scalar(s["Principal"]) == "*" &&
                          Template.Scalar(s["Condition"]?["Bool"]?["aws:SecureTransport"]) == "false" &&
                          Nodes.Texts(s["Action"]).Contains("s3:*") &&
                          Nodes.Texts(s["Resource"]).Contains($"${{{id}.Arn}}/*"));
            if (!denies)
            {
                problems.Add(new Problem(template.Name, Rules.TlsOnly, $"Resources.{id}",
                    "the bucket needs a policy that denies s3:* on it and its objects when aws:SecureTransport is false"));
            }
        }
    }

    private static int[] Steps(int from, int to, int step) => Enumerable.Range(0, ((to - from) / step) + 1).Select(i => from + (i * step)).ToArray();
}
