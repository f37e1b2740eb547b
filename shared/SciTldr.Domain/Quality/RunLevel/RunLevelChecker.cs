using System.Globalization;
using SciTldr.Domain.Features;
using SciTldr.Domain.Quality.Rulesets;

namespace SciTldr.Domain.Quality.RunLevel;

/// <summary>
/// The rules that need the whole run: uniqueness across the run, robust outliers over the run's
/// distribution, drift against the last successful run of the split, and anomalies against the
/// metric history. Fed one partition at a time (in partition order, so "first occurrence" is
/// deterministic), it keeps in memory only bin counts (drift) and sums (metrics); what uniqueness and outliers
/// must see of every row (a digest per value, one number per row, and the rows they came from) goes to scratch
/// files (<see cref="SpilledDigests"/>, <see cref="SpilledValues"/>), deleted on dispose. Its memory does not
/// grow with the run (docs/performance.md).
/// </summary>
public sealed class RunLevelChecker : IDisposable
{
    private readonly ScratchDirectory _scratch;
    private readonly Ruleset _ruleset;
    private readonly List<RuleState> _states;
    private long _papers;
    private long _tldrs;
    private double _abstractWords;
    private double _tldrWords;

    /// <param name="scratchParent">Where the scratch directory goes (the temp path by default).</param>
    public RunLevelChecker(Ruleset ruleset, IColumnAccess columns, string? scratchParent = null)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        ArgumentNullException.ThrowIfNull(columns);
        _ruleset = ruleset;
        _scratch = new ScratchDirectory(scratchParent);
        _states = [.. ruleset.RunRules.Select(rule => new RuleState(rule, columns, _scratch))];
    }

    /// <summary>Adds one partition's silver rows (all of them, also those quarantined by partition rules).</summary>
    public void Add(IReadOnlyList<PaperFeatures> papers, IReadOnlyList<TldrFeatures> tldrs)
    {
        ArgumentNullException.ThrowIfNull(papers);
        ArgumentNullException.ThrowIfNull(tldrs);
        _papers += papers.Count;
        _tldrs += tldrs.Count;
        foreach (var paper in papers)
        {
            _abstractWords += paper.AbstractWords;
        }

        foreach (var tldr in tldrs)
        {
            _tldrWords += tldr.Words;
        }

        foreach (var state in _states)
        {
            state.Add(papers, tldrs);
        }
    }

    /// <summary>This run's metrics, for its own anomaly rules and for the runs after it.</summary>
    /// <param name="lines">Input lines of the run.</param>
    /// <param name="quarantined">Records quarantined by ingestion and by the partition rules.</param>
    public RunMetrics Metrics(string runId, string split, long lines, long quarantined, DateTimeOffset at) => new(
        runId,
        split,
        at,
        new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [RunMetrics.Papers] = _papers,
            [RunMetrics.Tldrs] = _tldrs,
            [RunMetrics.AbstractWordsMean] = _papers == 0 ? 0 : _abstractWords / _papers,
            [RunMetrics.TldrWordsMean] = _tldrs == 0 ? 0 : _tldrWords / _tldrs,
            [RunMetrics.QuarantineRate] = lines == 0 ? 0 : (double)quarantined / lines,
        },
        _states.Where(s => s.Rule.Kind == RuleKind.Drift).ToDictionary(s => s.Rule.Id, s => s.Histogram(), StringComparer.Ordinal));

    /// <summary>Judges every run rule.</summary>
    /// <param name="metrics">This run's metrics (<see cref="Metrics"/>).</param>
    /// <param name="history">Earlier successful runs of the same split that passed quality, newest first.</param>
    public RunQualityReport Finish(RunMetrics metrics, IReadOnlyList<RunMetrics> history, DateTimeOffset checkedAt)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(history);
        var results = _states.Select(s => s.Judge(metrics, history)).ToList();
        var flagged = _states.SelectMany(s => s.Flagged).ToList();
        var truncated = flagged.Count > RunQualityReport.MaxFlagged;
        return new RunQualityReport(
            metrics.RunId,
            metrics.Split,
            _ruleset.Version,
            checkedAt,
            results,
            truncated ? flagged.Take(RunQualityReport.MaxFlagged).ToList() : flagged,
            truncated,
            metrics,
            history.Count > 0 ? history[0].RunId : null,
            history.Select(h => h.RunId).ToList());
    }

    public void Dispose()
    {
        foreach (var state in _states)
        {
            state.Dispose();
        }

        _scratch.Dispose();
    }

    /// <summary>What one rule accumulates over the run, and how it judges at the end.</summary>
    private sealed class RuleState : IDisposable
    {
        private const int MaxExamples = 5;

        private readonly SpilledDigests? _digests;
        private readonly SpilledValues? _values;
        private readonly List<FlaggedRow> _flagged = [];
        private readonly long[] _bins;
        private readonly Func<PaperFeatures, string?>? _paperText;
        private readonly Func<PaperFeatures, double?>? _paperNumber;
        private readonly Func<TldrFeatures, string?>? _tldrText;
        private readonly Func<TldrFeatures, double?>? _tldrNumber;
        private long _evaluated;
        private long _failed;

        public RuleState(RuleDefinition rule, IColumnAccess columns, ScratchDirectory scratch)
        {
            Rule = rule;
            _bins = new long[rule.Bins.Count + 1];
            if (rule.Kind == RuleKind.Uniqueness)
            {
                _digests = new SpilledDigests(scratch, rule.Id);
            }
            else if (rule.Kind == RuleKind.Outlier)
            {
                _values = new SpilledValues(scratch, rule.Id);
            }

            if (rule.Column is { } column)
            {
                if (rule.Table == RuleTable.Papers)
                {
                    if (rule.Kind == RuleKind.Uniqueness)
                    {
                        _paperText = columns.PaperText(column);
                    }
                    else if (rule.Kind is RuleKind.Outlier or RuleKind.Drift)
                    {
                        _paperNumber = columns.PaperNumber(column);
                    }
                }
                else if (rule.Kind == RuleKind.Uniqueness)
                {
                    _tldrText = columns.TldrText(column);
                }
                else if (rule.Kind is RuleKind.Outlier or RuleKind.Drift)
                {
                    _tldrNumber = columns.TldrNumber(column);
                }
            }
        }

        public RuleDefinition Rule { get; }

        public IReadOnlyList<FlaggedRow> Flagged => _flagged;

        public void Add(IReadOnlyList<PaperFeatures> papers, IReadOnlyList<TldrFeatures> tldrs)
        {
            switch (Rule.Kind)
            {
                case RuleKind.Uniqueness when _paperText is not null:
                    foreach (var paper in papers)
                    {
                        CheckUnique(_paperText(paper), paper.PaperId, null);
                    }

                    break;
                case RuleKind.Uniqueness when _tldrText is not null:
                    foreach (var tldr in tldrs)
                    {
                        CheckUnique(_tldrText(tldr), tldr.PaperId, tldr.TldrIndex);
                    }

                    break;
                case RuleKind.Outlier or RuleKind.Drift when _paperNumber is not null:
                    foreach (var paper in papers)
                    {
                        Collect(_paperNumber(paper), paper.PaperId, null);
                    }

                    break;
                case RuleKind.Outlier or RuleKind.Drift when _tldrNumber is not null:
                    foreach (var tldr in tldrs)
                    {
                        Collect(_tldrNumber(tldr), tldr.PaperId, tldr.TldrIndex);
                    }

                    break;
            }
        }

        public Histogram Histogram() => new(Rule.Bins, _bins.ToArray());

        public RunRuleResult Judge(RunMetrics metrics, IReadOnlyList<RunMetrics> history) => Rule.Kind switch
        {
            RuleKind.Uniqueness => JudgeUniqueness(),
            RuleKind.Outlier => JudgeOutliers(),
            RuleKind.Drift => JudgeDrift(metrics, history),
            RuleKind.Anomaly => JudgeAnomaly(metrics, history),
            _ => throw new InvalidOperationException($"rule '{Rule.Id}' of kind {Rule.Kind} is not a run-level rule"),
        };

        private void CheckUnique(string? value, string paperId, int? tldrIndex)
        {
            if (value is null || (Rule.IgnoreBlank && string.IsNullOrWhiteSpace(value)))
            {
                return;
            }

            _digests!.Add(value, paperId, tldrIndex);
        }

        private void Collect(double? value, string paperId, int? tldrIndex)
        {
            if (value is not { } number || double.IsNaN(number))
            {
                return;
            }

            if (Rule.Kind == RuleKind.Drift)
            {
                _bins[Domain.Quality.RunLevel.Histogram.BinOf(number, Rule.Bins)]++;
            }
            else
            {
                _values!.Add(number, paperId, tldrIndex);
            }
        }

        public void Dispose()
        {
            _digests?.Dispose();
            _values?.Dispose();
        }

        private RunRuleResult JudgeUniqueness()
        {
            var (repeats, first) = _digests!.Repeats(RunQualityReport.MaxFlagged + 1);
            _evaluated = _digests.Count;
            _failed = repeats;
            foreach (var (paperId, tldrIndex, value) in first)
            {
                Flag(new FlaggedRow(Rule.Id, paperId, tldrIndex, value));
            }

            return Result(_evaluated, _failed, Share(_failed, _evaluated), Thresholds(("mostly", Rule.Mostly)),
                $"{_failed} of {_evaluated} rows repeat a {Rule.Column} seen earlier in the run");
        }

        private RunRuleResult JudgeOutliers()
        {
            if (_values!.Count == 0)
            {
                return Result(0, 0, null, Thresholds(), $"no {Rule.Column} values in the run");
            }

            var k = Rule.Threshold!.Value;
            var method = Rule.Method ?? "mad";
            var (low, high, center, spread) = RobustStatistics.Fences(_values.Sample, method, k);
            foreach (var (value, paperId, tldrIndex) in _values.Outside(low, high))
            {
                _failed++;
                Flag(new FlaggedRow(Rule.Id, paperId, tldrIndex, value.ToString(CultureInfo.InvariantCulture)));
            }

            _evaluated = _values.Count;
            return Result(
                _evaluated,
                _failed,
                Share(_failed, _evaluated),
                Thresholds(("low", low), ("high", high), ("center", center), ("spread", spread), ("k", k), ("mostly", Rule.Mostly)),
                $"{_failed} of {_evaluated} values of {Rule.Column} outside [{low:0.##}, {high:0.##}] ({method}, k = {k})");
        }

        private RunRuleResult JudgeDrift(RunMetrics metrics, IReadOnlyList<RunMetrics> history)
        {
            var current = metrics.Histograms[Rule.Id];
            var limit = Rule.Threshold!.Value;
            var baseline = history.FirstOrDefault(h => h.Histograms.TryGetValue(Rule.Id, out var b) && b.SameBinsAs(current) && b.Total > 0);
            if (current.Total == 0 || baseline is null)
            {
                return Result(0, 0, null, Thresholds(("threshold", limit)),
                    current.Total == 0 ? $"no {Rule.Column} values in the run" : "no earlier successful run of this split with the same bins to compare with");
            }

            var expected = baseline.Histograms[Rule.Id];
            var statistic = Rule.Method == "ks" ? Distributions.Ks(expected, current) : Distributions.Psi(expected, current);
            var drifted = statistic > limit;
            return Result(1, drifted ? 1 : 0, statistic, Thresholds(("threshold", limit)),
                $"{(Rule.Method ?? "psi").ToUpperInvariant()} of {Rule.Column} = {statistic:0.####} against run {baseline.RunId} (limit {limit})");
        }

        private RunRuleResult JudgeAnomaly(RunMetrics metrics, IReadOnlyList<RunMetrics> history)
        {
            var limit = Rule.Threshold!.Value;
            var metric = Rule.Metric!;
            var past = history.Take(Rule.Window).Where(h => h.Values.ContainsKey(metric)).Select(h => h.Values[metric]).ToArray();
            var value = metrics.Values[metric];
            if (past.Length < Rule.MinHistory)
            {
                return Result(0, 0, null, Thresholds(("threshold", limit)),
                    $"{past.Length} earlier successful run(s) of this split; {Rule.MinHistory} needed before {metric} is judged");
            }

            var z = RobustStatistics.RobustZ(value, past);
            var anomalous = Math.Abs(z) > limit;
            return Result(1, anomalous ? 1 : 0, double.IsInfinity(z) ? null : z,
                Thresholds(("threshold", limit), ("value", value), ("median", RobustStatistics.Median(past))),
                $"{metric} = {value:0.####}, robust z = {z:0.##} against the last {past.Length} successful runs (limit {limit})");
        }

        private RunRuleResult Result(long evaluated, long failed, double? observed, IReadOnlyDictionary<string, double> thresholds, string detail)
        {
            // Uniqueness and outliers pass while the failing share stays within 1 - mostly; drift and anomaly judge the run itself.
            var passed = Rule.Kind is RuleKind.Drift or RuleKind.Anomaly
                ? failed == 0
                : evaluated == 0 || failed <= Math.Floor((1 - Rule.Mostly) * evaluated + 1e-9);
            return new RunRuleResult(
                Rule.Id,
                RulesetNames.Of(Rule.Kind),
                Rule.Severity,
                evaluated,
                failed,
                passed,
                observed,
                thresholds,
                detail,
                _flagged.Take(MaxExamples).ToList());
        }

        /// <summary>Keeps one row more than a report lists (so truncation shows); the counts stay exact regardless.</summary>
        private void Flag(FlaggedRow row)
        {
            if (_flagged.Count <= RunQualityReport.MaxFlagged)
            {
                _flagged.Add(row);
            }
        }

        private static double? Share(long failed, long evaluated) => evaluated == 0 ? null : (double)failed / evaluated;

        private static IReadOnlyDictionary<string, double> Thresholds(params (string Name, double Value)[] values) =>
            values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
    }
}
