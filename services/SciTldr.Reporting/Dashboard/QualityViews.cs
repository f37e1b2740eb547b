using SciTldr.Domain.Quality;
using SciTldr.Domain.Quality.RunLevel;
using SciTldr.Domain.Quality.Rulesets;
using SciTldr.Domain.Runs;
using SciTldr.Runs;

namespace SciTldr.Reporting.Dashboard;

/// <summary>The quality tab's data, from the quality markers and the run-level report. Pure.</summary>
public static class QualityViews
{
    /// <summary>The kinds of rule that compare a run with the runs before it.</summary>
    private static readonly HashSet<string> WatchesHistory = new([RulesetNames.Of(RuleKind.Drift), RulesetNames.Of(RuleKind.Anomaly)], StringComparer.Ordinal);

    /// <summary>Every rule of the run in the summary's order: partition rules summed over the partitions, then run rules as checked.</summary>
    public static QualityView Build(RunSummary summary, IReadOnlyList<StageMarker> qualityMarkers, RunQualityReport? runQuality)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(qualityMarkers);

        var partitionRules = qualityMarkers
            .OrderBy(m => m.Partition)
            .SelectMany(m => (m.Rules ?? []).Select(rule => (m.Partition, Rule: rule)))
            .GroupBy(entry => entry.Rule.RuleId, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => PartitionRule(group.Key, group.ToList(), summary), StringComparer.Ordinal);
        var runRules = (runQuality?.Rules ?? [])
            .ToDictionary(rule => rule.RuleId, rule => RunRule(rule, summary), StringComparer.Ordinal);

        var order = summary.Quality.Rules.Keys
            .Concat(partitionRules.Keys.Order(StringComparer.Ordinal))
            .Concat(runRules.Keys.Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal);
        var rules = new List<RuleView>();
        foreach (var id in order)
        {
            if (partitionRules.TryGetValue(id, out var partitionRule))
            {
                rules.Add(partitionRule);
            }
            else if (runRules.TryGetValue(id, out var runRule))
            {
                rules.Add(runRule);
            }
        }

        return new QualityView(
            summary.RunId,
            summary.Split,
            runQuality?.RulesetVersion,
            summary.Quality.Passed,
            runQuality?.CheckedAt,
            runQuality?.BaselineRunId,
            runQuality?.HistoryRunIds ?? [],
            rules);
    }

    /// <summary>The split's runs that reached the run-level check, oldest first, with their drift and anomaly rules.</summary>
    public static QualityHistory History(string split, IEnumerable<(RunMetrics Metrics, RunQualityReport? Report)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var history = runs
            .Where(run => string.Equals(run.Metrics.Split, split, StringComparison.Ordinal))
            .OrderBy(run => run.Metrics.At).ThenBy(run => run.Metrics.RunId, StringComparer.Ordinal)
            .Select(run => new HistoryRun(
                run.Metrics.RunId,
                run.Metrics.At,
                run.Metrics.Values,
                (run.Report?.Rules ?? [])
                    .Where(rule => WatchesHistory.Contains(rule.Kind))
                    .ToDictionary(rule => rule.RuleId, rule => new HistoryRule(rule.Kind, rule.Passed, rule.Observed), StringComparer.Ordinal)))
            .ToList();
        return new QualityHistory(split, history);
    }

    private static RuleView PartitionRule(string id, IReadOnlyList<(int Partition, RuleResult Rule)> results, RunSummary summary)
    {
        var first = results[0].Rule;
        var evaluated = results.Sum(r => (long)r.Rule.Evaluated);
        var failed = results.Sum(r => (long)r.Rule.Failed);
        var examples = results
            .SelectMany(r => r.Rule.Examples.Select(e => new ExampleView(e.PaperId, e.TldrIndex, e.Value, r.Partition)))
            .Take(RuleView.MaxExamples)
            .ToList();
        var summaryRule = summary.Quality.Rules.GetValueOrDefault(id);
        return new RuleView(
            id,
            results.Select(r => r.Rule.Kind).FirstOrDefault(kind => kind is not null),
            results.Select(r => r.Rule.Table).FirstOrDefault(table => table is not null),
            RuleView.PartitionScope,
            summaryRule?.Severity ?? first.Severity.ToWireName(),
            evaluated,
            failed,
            evaluated == 0 ? null : (double)failed / evaluated,
            summaryRule?.Passed ?? results.All(r => r.Rule.Passed),
            first.Thresholds,
            null,
            examples);
    }

    private static RuleView RunRule(RunRuleResult rule, RunSummary summary) =>
        new(
            rule.RuleId,
            rule.Kind,
            null,
            RuleView.RunScope,
            summary.Quality.Rules.GetValueOrDefault(rule.RuleId)?.Severity ?? rule.Severity.ToWireName(),
            rule.Evaluated,
            rule.Failed,
            rule.Observed,
            rule.Passed,
            rule.Thresholds,
            rule.Detail,
            rule.Examples.Take(RuleView.MaxExamples).Select(e => new ExampleView(e.PaperId, e.TldrIndex, e.Value, null)).ToList());
}
