namespace SciTldr.Infra.Tests.Validation;

/// <summary>
/// What each service's task role may reach, and nothing more: lake prefixes it reads, writes and lists,
/// the queue it receives from and the queues it sends to (its own DLQ always, for permanent failures).
/// </summary>
public sealed record ServiceAccess(
    IReadOnlyList<string> Reads,
    IReadOnlyList<string> Writes,
    IReadOnlyList<string> Lists,
    IReadOnlyList<string> SendsTo)
{
    public static readonly IReadOnlyDictionary<string, ServiceAccess> ByStage = new Dictionary<string, ServiceAccess>
    {
        // Backfills copy bronze/ and quarantine/ objects, so ingestion reads what it writes there.
        ["ingestion"] = new(
            ["landing", "runs", "bookmarks", "bronze", "quarantine"],
            ["bronze", "quarantine", "runs", "bookmarks"],
            ["landing", "runs", "bookmarks"],
            ["transformation", "reporting"]),
        ["transformation"] = new(["bronze", "runs"], ["silver", "runs"], ["runs"], ["quality", "reporting"]),
        ["quality"] = new(["silver", "bronze", "runs"], ["quality", "quarantine", "runs", "gold"], ["runs", "quality"], ["reporting"]),
        // Run-level check requests go back to quality; the dashboard's papers table reads silver.
        ["reporting"] = new(["runs", "quality", "gold", "silver", "reports"], ["gold", "runs", "reports"], ["runs", "gold", "reports", "silver"], ["quality"]),
    };

    public static readonly IReadOnlyList<string> ReceiveActions =
        ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"];

    public static readonly IReadOnlyList<string> SendActions = ["sqs:SendMessage", "sqs:GetQueueUrl"];

    public static readonly IReadOnlyList<string> ReadActions = ["s3:GetObject"];

    /// <summary>Large objects go up in multipart uploads, and a failed one is aborted.</summary>
    public static readonly IReadOnlyList<string> WriteActions = ["s3:PutObject", "s3:AbortMultipartUpload"];
}
