using System.Globalization;
using System.Text;

namespace SciTldr.Lake;

/// <summary>What a validated key says about itself.</summary>
/// <param name="RunId">The run the key belongs to; null for landing keys.</param>
/// <param name="Split">The split, for bronze and silver keys.</param>
/// <param name="Stage">The stage, for quarantine keys and ledger stage markers/failures.</param>
/// <param name="Partition">The partition number, for partition files.</param>
public sealed record ParsedLakeKey(
    LakeArea Area,
    string Key,
    string? RunId,
    string? Split,
    string? Stage,
    int? Partition);

/// <summary>
/// Validation of keys that arrive from outside (messages, URIs, listings): every key is checked for path
/// tricks first and then against the shape of its area in <see cref="LakeLayout"/>.
/// </summary>
public static class LakeKey
{
    /// <summary>S3's limit on the UTF-8 length of a key.</summary>
    public const int MaxKeyBytes = 1024;

    // Longest prefix first, so "silver/papers/" is not mistaken for some shorter root.
    private static readonly System.Buffers.SearchValues<char> LowerHexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static readonly LakeArea[] AreasByPrefixLength = Enum.GetValues<LakeArea>()
        .OrderByDescending(area => LakeLayout.RootPrefix(area).Length)
        .ToArray();

    /// <summary>Returns <paramref name="key"/> when it is a well-formed key of <paramref name="area"/>; throws <see cref="InvalidLakeKeyException"/> naming the reason otherwise.</summary>
    public static string Validate(string? key, LakeArea area) => Parse(key, area).Key;

    /// <summary>Validates <paramref name="key"/> as a key of <paramref name="area"/> and returns its parts.</summary>
    public static ParsedLakeKey Parse(string? key, LakeArea area)
    {
        var path = ValidatePath(key);
        var root = LakeLayout.RootPrefix(area);
        if (!path.StartsWith(root, StringComparison.Ordinal))
        {
            throw new InvalidLakeKeyException(path, $"expected a key under '{root}' ({area})");
        }

        return ParseBelowRoot(path, area, path[root.Length..].Split('/'));
    }

    /// <summary>Validates a key of whichever area its prefix names.</summary>
    public static ParsedLakeKey Parse(string? key)
    {
        var path = ValidatePath(key);
        foreach (var area in AreasByPrefixLength)
        {
            if (path.StartsWith(LakeLayout.RootPrefix(area), StringComparison.Ordinal))
            {
                return Parse(path, area);
            }
        }

        throw new InvalidLakeKeyException(path, "the key is outside every lake area");
    }

    /// <summary>
    /// The checks every object key must pass whatever its area: no empty or absolute keys, no backslashes,
    /// no empty, '.' or '..' segments, no control characters and no percent-encoding (lake keys are never
    /// URL-encoded, so '%2e%2e' can only be an attempt at traversal). Returns the key.
    /// </summary>
    public static string ValidatePath(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidLakeKeyException(string.Empty, "the key is empty");
        }

        if (key[0] == '/')
        {
            throw new InvalidLakeKeyException(key, "absolute keys are not allowed (leading '/')");
        }

        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsControl(c))
            {
                throw new InvalidLakeKeyException(key, $"control character U+{(int)c:X4} at position {i}");
            }

            if (char.IsHighSurrogate(c) && (i + 1 >= key.Length || !char.IsLowSurrogate(key[i + 1])))
            {
                throw new InvalidLakeKeyException(key, $"unpaired surrogate at position {i} (not valid Unicode)");
            }

            if (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(key[i - 1])))
            {
                throw new InvalidLakeKeyException(key, $"unpaired surrogate at position {i} (not valid Unicode)");
            }

            if (c == '\\')
            {
                throw new InvalidLakeKeyException(key, "backslashes are not allowed");
            }

            if (c == '%' && i + 2 < key.Length && char.IsAsciiHexDigit(key[i + 1]) && char.IsAsciiHexDigit(key[i + 2]))
            {
                var decoded = (char)int.Parse(key.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                throw new InvalidLakeKeyException(
                    key,
                    decoded is '.' or '/' or '\\'
                        ? $"percent-encoded traversal '{key.Substring(i, 3)}' (decodes to '{decoded}')"
                        : $"percent-encoded sequence '{key.Substring(i, 3)}' (lake keys are never URL-encoded)");
            }
        }

        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw new InvalidLakeKeyException(key, $"longer than S3's {MaxKeyBytes}-byte key limit");
        }

        if (key.Contains("//", StringComparison.Ordinal))
        {
            throw new InvalidLakeKeyException(key, "empty path segment ('//')");
        }

        if (key[^1] == '/')
        {
            throw new InvalidLakeKeyException(key, "the key names a folder, not an object (trailing '/')");
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment is "." or "..")
            {
                throw new InvalidLakeKeyException(key, $"relative path segment '{segment}'");
            }
        }

        return key;
    }

    private static ParsedLakeKey ParseBelowRoot(string key, LakeArea area, string[] segments)
    {
        switch (area)
        {
            case LakeArea.Landing:
                return new ParsedLakeKey(area, key, null, null, null, null);

            case LakeArea.Bronze:
            case LakeArea.SilverPapers:
            case LakeArea.SilverTldrs:
            {
                var extension = area == LakeArea.Bronze ? LakeLayout.JsonlGzExtension : LakeLayout.ParquetExtension;
                ExpectSegments(key, area, segments, 3, $"run_id=<run id>/split=<split>/part-<NNNNN>{extension}");
                var runId = Field(key, segments[0], LakeLayout.RunIdField, LakeNames.EnsureRunId);
                var split = Field(key, segments[1], LakeLayout.SplitField, LakeNames.EnsureSplit);
                var partition = PartitionFile(key, segments[2], extension);
                return new ParsedLakeKey(area, key, runId, split, null, partition);
            }

            case LakeArea.Quarantine:
            {
                ExpectSegments(key, area, segments, 3, $"run_id=<run id>/stage=<stage>/part-<NNNNN>{LakeLayout.JsonlGzExtension}");
                var runId = Field(key, segments[0], LakeLayout.RunIdField, LakeNames.EnsureRunId);
                var stage = Field(key, segments[1], LakeLayout.StageField, LakeNames.EnsureStage);
                var partition = PartitionFile(key, segments[2], LakeLayout.JsonlGzExtension);
                return new ParsedLakeKey(area, key, runId, null, stage, partition);
            }

            case LakeArea.Quality:
                return ParseQuality(key, segments);

            case LakeArea.Gold:
            {
                ExpectAtLeastSegments(key, area, segments, 2, "run_id=<run id>/<name>");
                var runId = Field(key, segments[0], LakeLayout.RunIdField, LakeNames.EnsureRunId);
                return new ParsedLakeKey(area, key, runId, null, null, null);
            }

            case LakeArea.Runs:
                return ParseLedger(key, segments);

            case LakeArea.Reports:
            {
                ExpectAtLeastSegments(key, area, segments, 2, "<run id>/<asset>");
                var runId = Bare(key, segments[0], "run id", LakeNames.EnsureRunId);
                return new ParsedLakeKey(area, key, runId, null, null, null);
            }

            case LakeArea.Bookmarks:
            {
                ExpectSegments(key, area, segments, 1, $"<64 hex digits>{LakeLayout.JsonExtension}");
                var name = segments[0];
                if (!name.EndsWith(LakeLayout.JsonExtension, StringComparison.Ordinal)
                    || name.Length != 64 + LakeLayout.JsonExtension.Length
                    || name.AsSpan(0, 64).ContainsAnyExcept(LowerHexDigits))
                {
                    throw new InvalidLakeKeyException(key, $"a bookmark is named by 64 lower-case hex digits and '{LakeLayout.JsonExtension}'", "bookmark");
                }

                return new ParsedLakeKey(area, key, null, null, null, null);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(area), area, "unknown lake area");
        }
    }

    // quality/run_id={R}/part-N.json (a partition's report), quality/run_id={R}/run.json (the run-level report)
    // and quality/run_id={R}/alerts/{rule id}.json (the marker of a rule's alert).
    private static ParsedLakeKey ParseQuality(string key, string[] segments)
    {
        var isAlertMarker = segments.Length == 3 && segments[1] == LakeLayout.AlertsFolder;
        if (!isAlertMarker && segments.Length != 2)
        {
            throw new InvalidLakeKeyException(
                key,
                $"expected a key shaped like '{LakeLayout.QualityPrefix}run_id=<run id>/(part-<NNNNN>{LakeLayout.JsonExtension}|{LakeLayout.QualityRunReportFile}|{LakeLayout.AlertsFolder}/<rule id>{LakeLayout.JsonExtension})'");
        }

        var runId = Field(key, segments[0], LakeLayout.RunIdField, LakeNames.EnsureRunId);
        if (isAlertMarker)
        {
            var file = segments[2];
            if (!file.EndsWith(LakeLayout.JsonExtension, StringComparison.Ordinal))
            {
                throw new InvalidLakeKeyException(key, $"expected an alert marker '<rule id>{LakeLayout.JsonExtension}', found '{file}'");
            }

            Bare(key, file[..^LakeLayout.JsonExtension.Length], "rule id", LakeNames.EnsureRuleId);
            return new ParsedLakeKey(LakeArea.Quality, key, runId, null, null, null);
        }

        int? partition = segments[1] == LakeLayout.QualityRunReportFile
            ? null
            : PartitionFile(key, segments[1], LakeLayout.JsonExtension);
        return new ParsedLakeKey(LakeArea.Quality, key, runId, null, null, partition);
    }

    // runs/{R}/manifest.json, runs/{R}/summary.json, runs/{R}/stages/{stage}/part-N.json,
    // runs/{R}/failures/{stage}/part-N.json, runs/{R}/failures/{stage}/run.json, and other run-level files.
    private static ParsedLakeKey ParseLedger(string key, string[] segments)
    {
        ExpectAtLeastSegments(key, LakeArea.Runs, segments, 2, "<run id>/<file>");
        var runId = Bare(key, segments[0], "run id", LakeNames.EnsureRunId);
        if (segments[1] is not (LakeLayout.StagesFolder or LakeLayout.FailuresFolder))
        {
            return new ParsedLakeKey(LakeArea.Runs, key, runId, null, null, null);
        }

        var isFailure = segments[1] == LakeLayout.FailuresFolder;
        var template = isFailure
            ? $"<run id>/{LakeLayout.FailuresFolder}/<stage>/(part-<NNNNN>.json|{LakeLayout.RunFailureFile})"
            : $"<run id>/{LakeLayout.StagesFolder}/<stage>/part-<NNNNN>.json";
        ExpectSegments(key, LakeArea.Runs, segments, 4, template);
        var stage = Bare(key, segments[2], "stage", LakeNames.EnsureStage);
        int? partition = isFailure && segments[3] == LakeLayout.RunFailureFile
            ? null
            : PartitionFile(key, segments[3], LakeLayout.JsonExtension);
        return new ParsedLakeKey(LakeArea.Runs, key, runId, null, stage, partition);
    }

    private static void ExpectSegments(string key, LakeArea area, string[] segments, int count, string template)
    {
        if (segments.Length != count)
        {
            throw new InvalidLakeKeyException(key, $"expected a key shaped like '{LakeLayout.RootPrefix(area)}{template}'");
        }
    }

    private static void ExpectAtLeastSegments(string key, LakeArea area, string[] segments, int count, string template)
    {
        if (segments.Length < count)
        {
            throw new InvalidLakeKeyException(key, $"expected a key shaped like '{LakeLayout.RootPrefix(area)}{template}'");
        }
    }

    private static string Field(string key, string segment, string name, Func<string, string> ensure)
    {
        var prefix = name + "=";
        if (!segment.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new InvalidLakeKeyException(key, $"expected a '{prefix}<value>' segment, found '{segment}'");
        }

        return Bare(key, segment[prefix.Length..], name, ensure);
    }

    private static string Bare(string key, string value, string what, Func<string, string> ensure)
    {
        try
        {
            return ensure(value);
        }
        catch (InvalidLakeKeyException e)
        {
            throw new InvalidLakeKeyException(key, $"invalid {what} '{value}': {e.Reason}");
        }
    }

    private static int PartitionFile(string key, string segment, string extension)
    {
        var digits = segment.Length == LakeLayout.PartFilePrefix.Length + 5 + extension.Length
                     && segment.StartsWith(LakeLayout.PartFilePrefix, StringComparison.Ordinal)
                     && segment.EndsWith(extension, StringComparison.Ordinal)
            ? segment.AsSpan(LakeLayout.PartFilePrefix.Length, 5)
            : [];
        if (digits.Length != 5 || digits.ContainsAnyExceptInRange('0', '9'))
        {
            throw new InvalidLakeKeyException(key, $"expected a partition file 'part-<NNNNN>{extension}', found '{segment}'");
        }

        return int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
