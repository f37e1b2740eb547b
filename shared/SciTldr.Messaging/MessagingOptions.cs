using System.ComponentModel.DataAnnotations;

namespace SciTldr.Messaging;

/// <summary>Settings of the SQS edge (configuration section <c>Messaging</c>).</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Prepended to every logical queue name; lets several stacks share one account or emulator.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_-]{0,40}$")]
    public string QueuePrefix { get; set; } = "scitldr-";

    /// <summary>Local mode: create the queue and its DLQ (with redrive) when missing. In AWS, CloudFormation owns them.</summary>
    public bool CreateQueues { get; set; }

    /// <summary>Deliveries before SQS moves a message to the DLQ; the edge treats the last one as final.</summary>
    [Range(1, 1000)]
    public int MaxReceiveCount { get; set; } = 5;

    [Range(2, 43200)]
    public int VisibilityTimeoutSeconds { get; set; } = 30;

    /// <summary>Long-poll wait of each ReceiveMessage call.</summary>
    [Range(0, 20)]
    public int WaitTimeSeconds { get; set; } = 20;

    /// <summary>Messages handled at once per queue (unless the queue's registration says otherwise).</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 4;

    /// <summary>Messages received ahead of a free handler; they are released at shutdown if never started.</summary>
    [Range(0, 256)]
    public int Prefetch { get; set; } = 2;

    /// <summary>After a failed attempt the message becomes visible again after min(base × 2^(n-1), max) seconds.</summary>
    [Range(0, 900)]
    public int RedeliveryDelayBaseSeconds { get; set; } = 1;

    [Range(0, 900)]
    public int RedeliveryDelayMaxSeconds { get; set; } = 30;

    /// <summary>How long shutdown waits for in-flight handlers before it abandons them to redelivery.</summary>
    [Range(1, 3600)]
    public int DrainTimeoutSeconds { get; set; } = 25;
}
