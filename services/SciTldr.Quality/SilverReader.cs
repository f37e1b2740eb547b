using SciTldr.Lake;
using SciTldr.ServiceDefaults;

namespace SciTldr.Quality;

/// <summary>Reads one silver Parquet object of the lake into rows; a missing object is a permanent error.</summary>
internal static class SilverReader
{
    public static async Task<IReadOnlyList<T>> ReadAsync<T>(S3Lake lake, string key, Func<Stream, CancellationToken, Task<IReadOnlyList<T>>> read, CancellationToken token)
    {
        var bytes = await MessageKeys.ReadAsync(key, () => lake.GetBytesAsync(key, token));
        using var stream = new MemoryStream(bytes, writable: false);
        return await read(stream, token);
    }
}
