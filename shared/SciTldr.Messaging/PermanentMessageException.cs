namespace SciTldr.Messaging;

/// <summary>
/// A message that can never succeed (invalid keys, unreadable content): not retried, reported as a
/// failure of its run, and moved straight to the dead-letter queue with the reason.
/// </summary>
public sealed class PermanentMessageException : Exception
{
    public PermanentMessageException(string message)
        : base(message)
    {
    }

    public PermanentMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PermanentMessageException()
    {
    }
}
