using Xunit;

namespace SciTldr.Testing;

/// <summary>Waiting for a condition instead of sleeping a fixed time.</summary>
public static class Waits
{
    /// <summary>
    /// Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after
    /// <paramref name="timeout"/> (default 2 min). Polls every <paramref name="poll"/> (default 100 ms).
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(100));
        }
    }
}
