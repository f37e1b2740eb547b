using SciTldr.Lake;

namespace SciTldr.Testing;

/// <summary>What a run left in the lake, for comparing runs byte by byte.</summary>
public static class LakeSnapshots
{
    /// <summary>Every bronze and silver object of a run, by key relative to the run, with its bytes.</summary>
    public static async Task<SortedDictionary<string, byte[]>> DataObjectsAsync(this S3Lake lake, string runId)
    {
        ArgumentNullException.ThrowIfNull(lake);
        var objects = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var prefix in new[] { LakeLayout.BronzeRunPrefix(runId), LakeLayout.SilverPapersRunPrefix(runId), LakeLayout.SilverTldrsRunPrefix(runId) })
        {
            await foreach (var key in lake.ListKeysAsync(prefix))
            {
                objects[LakeLayout.RelativeToRun(key)] = await lake.GetBytesAsync(key);
            }
        }

        return objects;
    }
}
