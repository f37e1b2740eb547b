using System.Globalization;
using System.Text.RegularExpressions;
using SciTldr.Domain.Quality.RunLevel;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SciTldr.Domain.Quality.Rulesets;

/// <summary>Reads and validates one rule of a ruleset file; every problem names the file, the line and the rule.</summary>
internal sealed partial class RuleReader
{
    private const string Id = "id";
    private const string Kind = "kind";
    private const string Severity = "severity";
    private const string Table = "table";
    private const string Scope = "scope";
    private const string Description = "description";
    private const string Column = "column";
    private const string Columns = "columns";
    private const string Bounds = "bounds";
    private const string Values = "values";
    private const string MinLength = "min_length";
    private const string MaxLength = "max_length";
    private const string Mostly = "mostly";
    private const string Method = "method";
    private const string Threshold = "threshold";
    private const string Bins = "bins";
    private const string Metric = "metric";
    private const string MinHistory = "min_history";
    private const string Window = "window";
    private const string IgnoreBlank = "ignore_blank";
    private const string Min = "min";
    private const string Max = "max";

    private static readonly string[] CommonKeys = [Id, Kind, Severity, Table, Scope, Description];

    private static readonly Dictionary<RuleKind, string[]> KindKeys = new()
    {
        [RuleKind.Schema] = [],
        [RuleKind.Completeness] = [Column, Mostly, IgnoreBlank],
        [RuleKind.Range] = [Bounds, Mostly],
        [RuleKind.AllowedValues] = [Column, Values, Mostly],
        [RuleKind.Length] = [Column, MinLength, MaxLength, Mostly],
        [RuleKind.Consistency] = [Columns, Mostly],
        [RuleKind.Uniqueness] = [Column, Mostly, IgnoreBlank],
        [RuleKind.Outlier] = [Column, Method, Threshold, Mostly],
        [RuleKind.Drift] = [Column, Method, Threshold, Bins],
        [RuleKind.Anomaly] = [Metric, Method, Threshold, MinHistory, Window],
    };

    private static readonly string[] AllKeys = [.. CommonKeys.Concat(KindKeys.Values.SelectMany(k => k)).Distinct()];

    private static readonly string[] OutlierMethods = ["mad", "iqr"];
    private static readonly string[] DriftMethods = ["psi", "ks"];
    private static readonly string[] AnomalyMethods = ["robust_z"];

    private readonly YamlMappingNode _node;
    private readonly string _source;
    private readonly Dictionary<string, YamlNode> _values = new(StringComparer.Ordinal);
    private string? _id;

    private RuleReader(YamlMappingNode node, string source) => (_node, _source) = (node, source);

    /// <summary>1-based line of a node (YamlDotNet's marks count lines from 1).</summary>
    public static int LineOf(YamlNode node) => LineOf(node.Start);

    public static int LineOf(Mark mark) => (int)Math.Max(1, mark.Line);

    /// <summary>A plain empty, <c>~</c> or <c>null</c> scalar: YAML's null.</summary>
    public static bool IsNull(YamlScalarNode node) =>
        node.Style == ScalarStyle.Plain && node.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <param name="position">1-based position in the list, for a rule without a usable id.</param>
    public static RuleDefinition Read(YamlNode node, int position, string source)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw new RulesetException(source, LineOf(node), null, $"rule #{position} must be a mapping of keys (id, kind, severity, …)");
        }

        return new RuleReader(mapping, source).Read(position);
    }

    private RuleDefinition Read(int position)
    {
        foreach (var (keyNode, value) in _node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            _values[key] = value;
        }

        _id = ReadId(position);
        CheckKeysKnown();

        var kind = Parsed<RuleKind>(Kind, RulesetNames.TryParseKind, RulesetNames.KindNames);
        CheckKeysApply(kind);
        var severity = Parsed<RuleSeverity>(Severity, (string s, out RuleSeverity v) => RulesetNames.TryParseSeverity(s, out v), RulesetNames.SeverityNames);
        var table = _values.ContainsKey(Table) ? Parsed<RuleTable>(Table, RulesetNames.TryParseTable, RulesetNames.TableNames) : RuleTable.Papers;
        var rule = new RuleDefinition
        {
            Id = _id,
            Kind = kind,
            Severity = severity,
            Table = table,
            Scope = ReadScope(kind),
            Description = OptionalText(Description) ?? "",
            Line = LineOf(_node),
        };

        rule = rule with { Mostly = ReadMostly() };
        return kind switch
        {
            RuleKind.Schema => rule,
            RuleKind.Completeness => ReadColumnWithBlanks(rule),
            RuleKind.Range => rule with { Bounds = ReadBounds(table) },
            RuleKind.AllowedValues => ReadAllowedValues(rule),
            RuleKind.Length => ReadLength(rule),
            RuleKind.Consistency => rule with { Columns = ReadConsistencyColumns(table) },
            RuleKind.Uniqueness => ReadColumnWithBlanks(rule),
            RuleKind.Outlier => ReadOutlier(rule),
            RuleKind.Drift => ReadDrift(rule),
            RuleKind.Anomaly => ReadAnomaly(rule),
            _ => throw Problem(_node, $"kind {kind} has no reader"),
        };
    }

    private string ReadId(int position)
    {
        if (!_values.TryGetValue(Id, out var node))
        {
            throw new RulesetException(_source, LineOf(_node), null, $"rule #{position} has no id");
        }

        var id = ScalarText(node, Id, $"rule #{position}");
        if (!IdPattern().IsMatch(id))
        {
            throw new RulesetException(_source, LineOf(node), id, "the id must match ^[a-z][a-z0-9_]{0,63}$ (lower-case snake_case, at most 64 characters)");
        }

        return id;
    }

    private void CheckKeysKnown()
    {
        foreach (var keyNode in _node.Children.Keys)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } || !AllKeys.Contains(key))
            {
                var name = (keyNode as YamlScalarNode)?.Value ?? keyNode.ToString();
                var hint = Suggest(name, AllKeys) is { } suggestion ? $" (did you mean '{suggestion}'?)" : "";
                throw Problem(keyNode, $"unknown key '{name}'{hint}");
            }
        }
    }

    private void CheckKeysApply(RuleKind kind)
    {
        var allowed = KindKeys[kind];
        foreach (var keyNode in _node.Children.Keys)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            if (!CommonKeys.Contains(key) && !allowed.Contains(key))
            {
                throw Problem(keyNode, $"key '{key}' does not apply to kind {RulesetNames.Of(kind)} (it takes {string.Join(", ", allowed)})");
            }
        }
    }

    private RuleScope ReadScope(RuleKind kind)
    {
        var runOnly = kind is RuleKind.Outlier or RuleKind.Drift or RuleKind.Anomaly;
        if (!_values.TryGetValue(Scope, out var node))
        {
            return runOnly ? RuleScope.Run : RuleScope.Partition;
        }

        var scope = Parsed<RuleScope>(Scope, RulesetNames.TryParseScope, RulesetNames.ScopeNames);
        if (runOnly && scope != RuleScope.Run)
        {
            throw Problem(node, $"kind {RulesetNames.Of(kind)} needs the whole run: scope must be run (or left out)");
        }

        if (kind != RuleKind.Uniqueness && !runOnly && scope != RuleScope.Partition)
        {
            throw Problem(node, $"kind {RulesetNames.Of(kind)} is checked row by row in each partition: scope must be partition (or left out)");
        }

        return scope;
    }

    private double ReadMostly()
    {
        if (!_values.TryGetValue(Mostly, out var node))
        {
            return 1.0;
        }

        var mostly = Number(node, Mostly);
        if (!(mostly > 0 && mostly <= 1))
        {
            throw Problem(node, $"mostly must be within (0, 1], not {Format(mostly)}");
        }

        return mostly;
    }

    // Completeness and uniqueness: a column of either type, and ignore_blank for text.
    private RuleDefinition ReadColumnWithBlanks(RuleDefinition rule)
    {
        var (column, type) = RequiredColumn(rule.Table, null);
        return rule with { Column = column, IgnoreBlank = ReadIgnoreBlank(type) };
    }

    private bool ReadIgnoreBlank(ColumnType type)
    {
        if (!_values.TryGetValue(IgnoreBlank, out var node))
        {
            return false;
        }

        var ignore = Boolean(node, IgnoreBlank);
        if (ignore && type != ColumnType.Text)
        {
            throw Problem(node, "ignore_blank applies to text columns only");
        }

        return ignore;
    }

    private List<RuleBound> ReadBounds(RuleTable table)
    {
        if (!_values.TryGetValue(Bounds, out var node))
        {
            throw Problem(_node, "a range rule needs bounds: a list of { column, min, max }");
        }

        if (node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            throw Problem(node, "bounds must be a non-empty list of { column, min, max }");
        }

        var bounds = new List<RuleBound>(list.Children.Count);
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode bound)
            {
                throw Problem(item, "each bound must be a mapping { column, min, max }");
            }

            string? column = null;
            double? min = null, max = null;
            foreach (var (keyNode, value) in bound.Children)
            {
                switch ((keyNode as YamlScalarNode)?.Value)
                {
                    case Column:
                        column = ColumnOf(value, table, ColumnType.Number);
                        break;
                    case Min:
                        min = Number(value, Min);
                        break;
                    case Max:
                        max = Number(value, Max);
                        break;
                    case var other:
                        var hint = Suggest(other ?? "", [Column, Min, Max]) is { } s ? $" (did you mean '{s}'?)" : "";
                        throw Problem(keyNode, $"unknown key '{other}' in a bound{hint}; a bound takes column, min and max");
                }
            }

            if (column is null)
            {
                throw Problem(bound, "a bound needs a column");
            }

            if (min is null && max is null)
            {
                throw Problem(bound, $"the bound on {column} needs min, max or both");
            }

            if (min > max)
            {
                throw Problem(bound, $"the bound on {column} has min {Format(min.Value)} > max {Format(max!.Value)}");
            }

            bounds.Add(new RuleBound(column, min, max));
        }

        return bounds;
    }

    private RuleDefinition ReadAllowedValues(RuleDefinition rule)
    {
        var (column, _) = RequiredColumn(rule.Table, ColumnType.Text);
        if (!_values.TryGetValue(Values, out var node))
        {
            throw Problem(_node, "an allowed_values rule needs values: the list of allowed values");
        }

        var values = TextList(node, Values);
        if (values.Count == 0)
        {
            throw Problem(node, "values must list at least one allowed value");
        }

        if (values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw Problem(node, $"values lists '{repeated.Key}' more than once");
        }

        return rule with { Column = column, Values = values };
    }

    private RuleDefinition ReadLength(RuleDefinition rule)
    {
        var (column, _) = RequiredColumn(rule.Table, ColumnType.Text);
        int? min = _values.TryGetValue(MinLength, out var minNode) ? Count(minNode, MinLength) : null;
        int? max = _values.TryGetValue(MaxLength, out var maxNode) ? Count(maxNode, MaxLength) : null;
        if (min is null && max is null)
        {
            throw Problem(_node, "a length rule needs min_length, max_length or both");
        }

        if (min > max)
        {
            throw Problem(minNode!, $"min_length {min} > max_length {max}");
        }

        return rule with { Column = column, MinLength = min, MaxLength = max };
    }

    private List<string> ReadConsistencyColumns(RuleTable table)
    {
        if (!_values.TryGetValue(Columns, out var node))
        {
            throw Problem(_node, "a consistency rule needs columns: at least two columns that must agree");
        }

        if (node is not YamlSequenceNode list)
        {
            throw Problem(node, "columns must be a list of at least two columns");
        }

        var columns = new List<string>(list.Children.Count);
        ColumnType? first = null;
        foreach (var item in list.Children)
        {
            var column = ColumnOf(item, table, null);
            ColumnCatalog.TryGetType(table, column, out var type);
            if (first is not null && type != first)
            {
                throw Problem(item, $"column {column} is {Describe(type!.Value)}, the columns before it are {Describe(first.Value)}: consistency compares like with like");
            }

            if (columns.Contains(column))
            {
                throw Problem(item, $"column {column} is listed twice");
            }

            first = type;
            columns.Add(column);
        }

        if (columns.Count < 2)
        {
            throw Problem(node, "a consistency rule needs at least two columns");
        }

        return columns;
    }

    private RuleDefinition ReadOutlier(RuleDefinition rule)
    {
        var (column, _) = RequiredColumn(rule.Table, ColumnType.Number);
        var method = RequiredChoice(Method, OutlierMethods);
        var threshold = PositiveThreshold("the number of MADs (mad) or IQRs (iqr) beyond which a value is an outlier");
        return rule with { Column = column, Method = method, Threshold = threshold };
    }

    private RuleDefinition ReadDrift(RuleDefinition rule)
    {
        var (column, _) = RequiredColumn(rule.Table, ColumnType.Number);
        var method = RequiredChoice(Method, DriftMethods);
        var threshold = PositiveThreshold("the PSI or KS statistic above which the rule fails");
        if (method == "ks" && threshold > 1)
        {
            throw Problem(_values[Threshold], $"a KS statistic is at most 1: threshold {Format(threshold)} would never fail");
        }

        if (!_values.TryGetValue(Bins, out var node))
        {
            throw Problem(_node, "a drift rule needs bins: the strictly increasing bin edges of the histograms compared");
        }

        if (node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            throw Problem(node, "bins must be a non-empty list of strictly increasing numbers");
        }

        var bins = new List<double>(list.Children.Count);
        foreach (var item in list.Children)
        {
            var edge = Number(item, Bins);
            if (bins.Count > 0 && edge <= bins[^1])
            {
                throw Problem(item, $"bins must be strictly increasing: {Format(edge)} follows {Format(bins[^1])}");
            }

            bins.Add(edge);
        }

        return rule with { Column = column, Method = method, Threshold = threshold, Bins = bins };
    }

    private RuleDefinition ReadAnomaly(RuleDefinition rule)
    {
        if (!_values.TryGetValue(Metric, out var metricNode))
        {
            throw Problem(_node, $"an anomaly rule needs a metric (one of {string.Join(", ", RunMetrics.Known)})");
        }

        var metric = ScalarText(metricNode, Metric);
        if (!RunMetrics.Known.Contains(metric))
        {
            var hint = Suggest(metric, RunMetrics.Known) is { } s ? $" (did you mean '{s}'?)" : "";
            throw Problem(metricNode, $"unknown metric '{metric}'{hint}; known: {string.Join(", ", RunMetrics.Known)}");
        }

        // robust_z is the only method; writing it is optional.
        var method = _values.ContainsKey(Method) ? RequiredChoice(Method, AnomalyMethods) : AnomalyMethods[0];
        var threshold = PositiveThreshold("the |robust z| above which the metric is anomalous");
        var minHistory = _values.TryGetValue(MinHistory, out var historyNode) ? Count(historyNode, MinHistory) : rule.MinHistory;
        if (minHistory < 1)
        {
            throw Problem(historyNode!, "min_history must be at least 1");
        }

        var window = _values.TryGetValue(Window, out var windowNode) ? Count(windowNode, Window) : rule.Window;
        if (window < minHistory)
        {
            throw Problem(windowNode ?? historyNode!, $"window {window} is smaller than min_history {minHistory}: the rule could never judge");
        }

        return rule with { Metric = metric, Method = method, Threshold = threshold, MinHistory = minHistory, Window = window };
    }

    private double PositiveThreshold(string meaning)
    {
        if (!_values.TryGetValue(Threshold, out var node))
        {
            throw Problem(_node, $"missing threshold: {meaning}");
        }

        var threshold = Number(node, Threshold);
        if (!(threshold > 0))
        {
            throw Problem(node, $"threshold must be > 0, not {Format(threshold)}");
        }

        return threshold;
    }

    private string RequiredChoice(string key, string[] choices)
    {
        if (!_values.TryGetValue(key, out var node))
        {
            throw Problem(_node, $"missing {key} (one of {string.Join(", ", choices)})");
        }

        var value = ScalarText(node, key);
        if (!choices.Contains(value))
        {
            throw Problem(node, $"unknown {key} '{value}' (one of {string.Join(", ", choices)})");
        }

        return value;
    }

    private (string Column, ColumnType Type) RequiredColumn(RuleTable table, ColumnType? expected)
    {
        if (!_values.TryGetValue(Column, out var node))
        {
            throw Problem(_node, "missing column");
        }

        var column = ColumnOf(node, table, expected);
        ColumnCatalog.TryGetType(table, column, out var type);
        return (column, type!.Value);
    }

    private string ColumnOf(YamlNode node, RuleTable table, ColumnType? expected)
    {
        var column = ScalarText(node, Column);
        if (!ColumnCatalog.TryGetType(table, column, out var type))
        {
            var hint = Suggest(column, ColumnCatalog.Names(table)) is { } s ? $" (did you mean '{s}'?)" : "";
            throw Problem(node, $"unknown column '{column}' in table {RulesetNames.Of(table)}{hint}; the columns are those of docs/silver-schema.md");
        }

        if (expected is { } wanted && type != wanted)
        {
            throw Problem(node, $"column {column} is {Describe(type.Value)}; this rule needs {Describe(wanted)}");
        }

        return column;
    }

    private T Parsed<T>(string key, TryParse<T> parse, IEnumerable<string> names)
    {
        if (!_values.TryGetValue(key, out var node))
        {
            throw Problem(_node, $"missing {key} (one of {string.Join(", ", names)})");
        }

        var text = ScalarText(node, key);
        return parse(text, out var value)
            ? value
            : throw Problem(node, $"unknown {key} '{text}' (one of {string.Join(", ", names)})");
    }

    private string? OptionalText(string key) =>
        _values.TryGetValue(key, out var node) && !(node is YamlScalarNode scalar && IsNull(scalar)) ? ScalarText(node, key) : null;

    private List<string> TextList(YamlNode node, string key)
    {
        if (node is not YamlSequenceNode list)
        {
            throw Problem(node, $"{key} must be a list");
        }

        return [.. list.Children.Select(item => ScalarText(item, key))];
    }

    private string ScalarText(YamlNode node, string key, string? who = null)
    {
        if (node is not YamlScalarNode scalar)
        {
            throw new RulesetException(_source, LineOf(node), _id, $"{(who is null ? "" : who + ": ")}{key} must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");
        }

        if (IsNull(scalar))
        {
            throw new RulesetException(_source, LineOf(node), _id, $"{(who is null ? "" : who + ": ")}{key} has no value");
        }

        return scalar.Value!;
    }

    private double Number(YamlNode node, string key)
    {
        var text = ScalarText(node, key);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Problem(node, $"{key} must be a finite number, not '{text}'");
    }

    private int Count(YamlNode node, string key)
    {
        var text = ScalarText(node, key);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw Problem(node, $"{key} must be a whole number ≥ 0, not '{text}'");
    }

    private bool Boolean(YamlNode node, string key) => ScalarText(node, key) switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        var other => throw Problem(node, $"{key} must be true or false, not '{other}'"),
    };

    private RulesetException Problem(YamlNode node, string problem) => new(_source, LineOf(node), _id, problem);

    private static string Describe(ColumnType type) => type == ColumnType.Number ? "numeric" : "text";

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The closest known name within two edits, for "did you mean".</summary>
    private static string? Suggest(string name, IEnumerable<string> known) => known
        .Select(k => (Name: k, Distance: Distance(name, k)))
        .Where(k => k.Distance <= 2)
        .OrderBy(k => k.Distance)
        .Select(k => k.Name)
        .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private delegate bool TryParse<T>(string text, out T value);

    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,63}\z")]
    private static partial Regex IdPattern();
}
