namespace SciTldr.Messaging;

/// <summary>
/// Lets a queue also take messages that are not MassTransit envelopes: bodies other AWS services write in
/// their own format (an S3 event notification, say). When a body is not an envelope, the receive loop asks
/// the queue's adapter; an adapted message is dispatched to the consumers like any other, and a body the
/// adapter does not recognize goes to the dead-letter queue as before.
/// </summary>
public interface IForeignMessageAdapter
{
    /// <summary>
    /// Recognizes <paramref name="body"/> and returns the typed message to dispatch instead, or null when
    /// the body is not in a format this adapter knows. Throws <see cref="PermanentMessageException"/> for a
    /// body in a known format whose content is unacceptable (it then goes to the DLQ with that reason).
    /// </summary>
    object? TryAdapt(string body);
}
