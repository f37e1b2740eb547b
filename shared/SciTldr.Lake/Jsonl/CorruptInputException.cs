namespace SciTldr.Lake;

/// <summary>
/// The input cannot be read to its end: a gzip stream that is truncated, holds corrupt data, fails its CRC-32 or
/// length check, or is followed by bytes that are not another gzip member. Lines already read came from intact
/// data, but the input as a whole is incomplete, so a run over it must fail rather than report a shorter file.
/// </summary>
/// <remarks>
/// An <see cref="IOException"/>: <see cref="InvalidDataException"/>, which GZipStream throws for corrupt data, is
/// sealed. The corrupt-data errors GZipStream or DeflateStream raise are wrapped in this one as the inner exception.
/// </remarks>
public sealed class CorruptInputException : IOException
{
    public CorruptInputException()
        : base("the input is corrupt or truncated")
    {
    }

    public CorruptInputException(string message)
        : base(message)
    {
    }

    public CorruptInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
