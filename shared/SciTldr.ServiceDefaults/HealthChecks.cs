using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SciTldr.Lake;
using SciTldr.Messaging;
using SciTldr.Messaging.Sqs;

namespace SciTldr.ServiceDefaults;

/// <summary>Live while every receive loop keeps going round; a stuck or dead loop makes ECS replace the task.</summary>
internal sealed class ReceiveLoopsHealthCheck : IHealthCheck
{
    private static readonly TimeSpan Stuck = TimeSpan.FromMinutes(2);
    private readonly IReadOnlyList<SqsReceiveLoop> _loops;

    public ReceiveLoopsHealthCheck(IEnumerable<SqsReceiveLoop> loops)
    {
        _loops = loops.ToList();
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        var unhealthy = new List<string>();
        foreach (var loop in _loops)
        {
            data[loop.Queue] = new { loop.Running, loop.LastLoopAt, loop.LastSuccessfulPollAt, loop.InFlight, loop.Handled, loop.Failed };
            if (loop.ExecuteTask is { IsCompleted: true })
            {
                unhealthy.Add($"{loop.Queue}: receive loop stopped");
            }
            else if (DateTimeOffset.UtcNow - loop.LastLoopAt > Stuck)
            {
                unhealthy.Add($"{loop.Queue}: receive loop stuck since {loop.LastLoopAt:O}");
            }
        }

        return Task.FromResult(unhealthy.Count == 0
            ? HealthCheckResult.Healthy("receive loops running", data)
            : HealthCheckResult.Unhealthy(string.Join("; ", unhealthy), data: data));
    }
}

internal sealed class SqsHealthCheck : IHealthCheck
{
    private readonly SqsQueues _queues;
    private readonly IReadOnlyList<SqsReceiveLoop> _loops;

    public SqsHealthCheck(SqsQueues queues, IEnumerable<SqsReceiveLoop> loops)
    {
        _queues = queues;
        _loops = loops.ToList();
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var queue = _loops.Count > 0 ? _loops[0].Queue : QueueNames.Reporting;
        try
        {
            var url = await _queues.GetUrlAsync(queue, cancellationToken);
            await _queues.Client.GetQueueAttributesAsync(
                new Amazon.SQS.Model.GetQueueAttributesRequest
                {
                    QueueUrl = url,
                    AttributeNames = ["ApproximateNumberOfMessages"],
                },
                cancellationToken);
            return HealthCheckResult.Healthy($"queue {_queues.PhysicalName(queue)} reachable");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"queue {_queues.PhysicalName(queue)} unreachable: {ex.Message}", ex);
        }
    }
}

internal sealed class LakeHealthCheck : IHealthCheck
{
    private readonly IAmazonS3 _s3;
    private readonly LakeOptions _options;

    public LakeHealthCheck(IAmazonS3 s3, IOptions<LakeOptions> options)
    {
        _s3 = s3;
        _options = options.Value;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // One key of runs/, the prefix every service may list (its IAM role allows no other listing).
            await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = LakeLayout.RunsPrefix, MaxKeys = 1 }, cancellationToken);
            return HealthCheckResult.Healthy($"bucket {_options.Bucket} reachable");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"bucket {_options.Bucket} unreachable: {ex.Message}", ex);
        }
    }
}
