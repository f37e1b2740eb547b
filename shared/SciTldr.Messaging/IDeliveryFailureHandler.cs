namespace SciTldr.Messaging;

/// <summary>
/// Told when the edge gives up on a message: its last delivery attempt failed, or it failed permanently.
/// Services implement it to record the failure in the run ledger before the message goes to the DLQ.
/// </summary>
public interface IDeliveryFailureHandler
{
    Task OnGivingUpAsync(DeliveryFailure failure, CancellationToken cancellationToken);
}

/// <param name="Message">The deserialized message, or null when it could not be read at all.</param>
public sealed record DeliveryFailure(
    string Queue,
    string? MessageId,
    object? Message,
    int ReceiveCount,
    bool Permanent,
    Exception Exception);
