namespace SciTldr.Ingestion.Sources;

/// <summary>
/// The source cannot be read, and trying again now will not change that: it does not exist, refuses
/// access, kept failing for all the attempts allowed, or changed while it was being read. The message
/// says which, naming the address, so the run can fail with it as the reason.
/// </summary>
public sealed class SourceUnavailableException : Exception
{
    public SourceUnavailableException()
    {
    }

    public SourceUnavailableException(string message)
        : base(message)
    {
    }

    public SourceUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
