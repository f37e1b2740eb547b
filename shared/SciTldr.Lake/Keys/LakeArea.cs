namespace SciTldr.Lake;

/// <summary>The top-level areas of the lake; each owns one key prefix (see <see cref="LakeLayout"/>).</summary>
public enum LakeArea
{
    Landing,
    Bronze,
    Quarantine,
    SilverPapers,
    SilverTldrs,
    Quality,
    Gold,
    Runs,
    Reports,
    Bookmarks,
}
