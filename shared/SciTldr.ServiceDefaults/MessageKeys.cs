using System.Net;
using Amazon.S3;
using SciTldr.Lake;
using SciTldr.Messaging;

namespace SciTldr.ServiceDefaults;

/// <summary>
/// Keys that arrive in messages are checked before use: they must be valid lake keys of the expected
/// area and exactly the key the layout gives for the message's run, split and partition. Anything
/// else is a permanent error (never retried), because no redelivery can make it right.
/// </summary>
public static class MessageKeys
{
    public static string Require(string? key, LakeArea area, Func<string> expected)
    {
        string valid;
        string wanted;
        try
        {
            valid = LakeKey.Validate(key, area);
            wanted = expected();
        }
        catch (ArgumentException ex)
        {
            throw new PermanentMessageException($"rejected key '{key}': {ex.Message}", ex);
        }

        if (!string.Equals(valid, wanted, StringComparison.Ordinal))
        {
            throw new PermanentMessageException($"rejected key '{key}': expected '{wanted}' for this run, split and partition");
        }

        return valid;
    }

    /// <summary>Runs an S3 read, turning "the object does not exist" into a permanent error.</summary>
    public static Task ReadAsync(string key, Func<Task> read) => ReadAsync(key, async () =>
    {
        await read();
        return true;
    });

    /// <inheritdoc cref="ReadAsync(string, Func{Task})"/>
    public static async Task<T> ReadAsync<T>(string key, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new PermanentMessageException($"lake object '{key}' does not exist", ex);
        }
    }
}
