using System.Text.RegularExpressions;
using SciTldr.Contracts;

namespace SciTldr.Lake;

/// <summary>Rules for the names that become key segments: run ids, split names, stage names, partition numbers.</summary>
public static partial class LakeNames
{
    public const int MinPartition = 0;

    /// <summary>Partition numbers are written with five digits, so this is the largest one a key can hold.</summary>
    public const int MaxPartition = 99_999;

    public static bool IsValidRunId(string? runId) =>
        runId is not null && RunIdPattern().IsMatch(runId) && !runId.Contains("..", StringComparison.Ordinal);

    public static bool IsValidSplit(string? split) => split is not null && SplitPattern().IsMatch(split);

    public static bool IsValidStage(string? stage) => stage is not null && Stages.All.Contains(stage, StringComparer.Ordinal);

    public static bool IsValidRuleId(string? ruleId) =>
        ruleId is not null && RuleIdPattern().IsMatch(ruleId) && !ruleId.Contains("..", StringComparison.Ordinal);

    public static bool IsValidPartition(int partition) => partition is >= MinPartition and <= MaxPartition;

    /// <summary>Returns <paramref name="runId"/> when it is a valid run id; throws <see cref="InvalidLakeKeyException"/> otherwise.</summary>
    public static string EnsureRunId(string? runId)
    {
        if (string.IsNullOrEmpty(runId))
        {
            throw new InvalidLakeKeyException(runId ?? string.Empty, "a run id must not be empty", "run id");
        }

        if (runId.Contains("..", StringComparison.Ordinal))
        {
            throw new InvalidLakeKeyException(runId, "a run id must not contain '..'", "run id");
        }

        if (!RunIdPattern().IsMatch(runId))
        {
            throw new InvalidLakeKeyException(
                runId,
                "a run id is 1-80 characters of letters, digits, '_', '.' or '-', starting with a letter or digit",
                "run id");
        }

        return runId;
    }

    /// <summary>Returns <paramref name="split"/> when it is a valid split name; throws <see cref="InvalidLakeKeyException"/> otherwise.</summary>
    public static string EnsureSplit(string? split)
    {
        if (!IsValidSplit(split))
        {
            throw new InvalidLakeKeyException(
                split ?? string.Empty,
                "a split name is 1-32 characters of lowercase letters, digits, '_' or '-', starting with a letter or digit",
                "split name");
        }

        return split!;
    }

    /// <summary>Returns <paramref name="stage"/> when it names a pipeline stage; throws <see cref="InvalidLakeKeyException"/> otherwise.</summary>
    public static string EnsureStage(string? stage)
    {
        if (!IsValidStage(stage))
        {
            throw new InvalidLakeKeyException(
                stage ?? string.Empty,
                $"the stage must be one of {string.Join(", ", Stages.All)}",
                "stage name");
        }

        return stage!;
    }

    /// <summary>Returns <paramref name="ruleId"/> when it can name a file (a quality rule's alert marker); throws <see cref="InvalidLakeKeyException"/> otherwise.</summary>
    public static string EnsureRuleId(string? ruleId)
    {
        if (!IsValidRuleId(ruleId))
        {
            throw new InvalidLakeKeyException(
                ruleId ?? string.Empty,
                "a rule id is 1-80 characters of letters, digits, '_', '.' or '-', starting with a letter or digit, without '..'",
                "rule id");
        }

        return ruleId!;
    }

    /// <summary>Returns <paramref name="partition"/> when it fits the five-digit key format; throws <see cref="InvalidLakeKeyException"/> otherwise.</summary>
    public static int EnsurePartition(int partition)
    {
        if (!IsValidPartition(partition))
        {
            throw new InvalidLakeKeyException(
                partition.ToString(),
                $"a partition number is between {MinPartition} and {MaxPartition}",
                "partition number");
        }

        return partition;
    }

    // \z rather than $: '$' also matches before a trailing newline, which would let "run\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RunIdPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SplitPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RuleIdPattern();
}
