using System.Globalization;
using SciTldr.Domain.Features;

namespace SciTldr.Domain.Quality.Rulesets;

/// <summary>Whether a rule held for one row, or did not apply (the value it checks is absent).</summary>
public enum RuleVerdict
{
    NotApplicable,
    Pass,
    Fail,
}

/// <summary>
/// A partition rule compiled against a row type: the verdict on a row, and the value behind it for
/// reports. Uniqueness remembers the values it has seen, so compile one per partition.
/// </summary>
public sealed class RowRule<TRow>
{
    /// <summary>Longest text value kept for a report example.</summary>
    public const int MaxValueLength = 200;

    private readonly Func<TRow, RuleVerdict> _check;
    private readonly Func<TRow, string?> _value;

    internal RowRule(RuleDefinition definition, Func<TRow, RuleVerdict> check, Func<TRow, string?> value) =>
        (Definition, _check, _value) = (definition, check, value);

    public RuleDefinition Definition { get; }

    public RuleVerdict Check(TRow row) => _check(row);

    /// <summary>The checked value of a row as text (for a range rule, the failing bounds as <c>column=value</c>).</summary>
    public string? Value(TRow row)
    {
        var text = _value(row);
        return text is { Length: > MaxValueLength } ? string.Concat(text.AsSpan(0, MaxValueLength), "…") : text;
    }
}

/// <summary>Compiles the partition-level kinds (completeness, range, allowed values, length, consistency, uniqueness).</summary>
public static class RowRules
{
    public static RowRule<PaperFeatures> ForPapers(RuleDefinition rule) => Compile(rule, ColumnCatalog.Papers);

    public static RowRule<TldrFeatures> ForTldrs(RuleDefinition rule) => Compile(rule, ColumnCatalog.Tldrs);

    /// <summary>Whether a rule holds with <paramref name="failed"/> of <paramref name="evaluated"/> rows failing: at most ⌊(1 − mostly) · evaluated⌋ may fail.</summary>
    /// <remarks>The small tolerance keeps "exactly at the threshold" passing despite binary fractions (1 − 0.9 is 0.09999…).</remarks>
    public static bool Holds(long failed, long evaluated, double mostly) =>
        evaluated == 0 || failed <= Math.Floor(((1 - mostly) * evaluated) + 1e-9);

    public static RowRule<TRow> Compile<TRow>(RuleDefinition rule, IReadOnlyDictionary<string, SilverColumn<TRow>> columns)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(columns);
        if (rule.Scope != RuleScope.Partition)
        {
            throw new ArgumentException($"rule '{rule.Id}' is a run-level rule", nameof(rule));
        }

        return rule.Kind switch
        {
            RuleKind.Completeness => Completeness(rule, Column(rule, columns, rule.Column)),
            RuleKind.Range => Range(rule, columns),
            RuleKind.AllowedValues => AllowedValues(rule, Column(rule, columns, rule.Column)),
            RuleKind.Length => Length(rule, Column(rule, columns, rule.Column)),
            RuleKind.Consistency => Consistency(rule, [.. rule.Columns.Select(c => Column(rule, columns, c))]),
            RuleKind.Uniqueness => Uniqueness(rule, Column(rule, columns, rule.Column)),
            _ => throw new ArgumentException($"rule '{rule.Id}' of kind {RulesetNames.Of(rule.Kind)} is not a row rule", nameof(rule)),
        };
    }

    private static RowRule<TRow> Completeness<TRow>(RuleDefinition rule, SilverColumn<TRow> column)
    {
        if (column.Type == ColumnType.Number)
        {
            var number = column.Number!;
            return new(rule, row => number(row) is null ? RuleVerdict.Fail : RuleVerdict.Pass, column.Format);
        }

        var text = column.Text!;
        Func<string?, bool> missing = rule.IgnoreBlank ? value => value is null : string.IsNullOrWhiteSpace;
        return new(rule, row => missing(text(row)) ? RuleVerdict.Fail : RuleVerdict.Pass, text);
    }

    private static RowRule<TRow> Range<TRow>(RuleDefinition rule, IReadOnlyDictionary<string, SilverColumn<TRow>> columns)
    {
        var bounds = rule.Bounds.Select(b => (Column: Column(rule, columns, b.Column), b.Min, b.Max)).ToArray();

        // NaN lies within no bounds: the negated comparisons make it fail.
        static bool Within(double value, double? min, double? max) => !(value < min) && !(value > max) && !double.IsNaN(value);

        RuleVerdict Check(TRow row)
        {
            var applied = false;
            foreach (var (column, min, max) in bounds)
            {
                if (column.Number!(row) is not { } value)
                {
                    continue;
                }

                if (!Within(value, min, max))
                {
                    return RuleVerdict.Fail;
                }

                applied = true;
            }

            return applied ? RuleVerdict.Pass : RuleVerdict.NotApplicable;
        }

        string? Value(TRow row)
        {
            var failing = bounds.Where(b => b.Column.Number!(row) is { } v && !Within(v, b.Min, b.Max)).Select(b => $"{b.Column.Name}={b.Column.Format(row)}");
            return string.Join(", ", failing);
        }

        return new(rule, Check, Value);
    }

    private static RowRule<TRow> AllowedValues<TRow>(RuleDefinition rule, SilverColumn<TRow> column)
    {
        var allowed = new HashSet<string>(rule.Values, StringComparer.Ordinal);
        var text = column.Text!;
        return new(rule, row => text(row) is not { } value ? RuleVerdict.NotApplicable : allowed.Contains(value) ? RuleVerdict.Pass : RuleVerdict.Fail, text);
    }

    private static RowRule<TRow> Length<TRow>(RuleDefinition rule, SilverColumn<TRow> column)
    {
        var text = column.Text!;
        var (min, max) = (rule.MinLength ?? 0, rule.MaxLength ?? int.MaxValue);
        return new(
            rule,
            row => text(row) is not { } value
                ? RuleVerdict.NotApplicable
                : Tokenizer.CountCharacters(value) is var length && length >= min && length <= max ? RuleVerdict.Pass : RuleVerdict.Fail,
            row => text(row) is { } value ? Tokenizer.CountCharacters(value).ToString(CultureInfo.InvariantCulture) : null);
    }

    private static RowRule<TRow> Consistency<TRow>(RuleDefinition rule, SilverColumn<TRow>[] columns)
    {
        RuleVerdict Check(TRow row)
        {
            var present = 0;
            var differ = false;
            if (columns[0].Type == ColumnType.Number)
            {
                double? first = null;
                foreach (var column in columns)
                {
                    if (column.Number!(row) is { } value)
                    {
                        present++;
                        differ |= first is { } f && !f.Equals(value);
                        first ??= value;
                    }
                }
            }
            else
            {
                string? first = null;
                foreach (var column in columns)
                {
                    if (column.Text!(row) is { } value)
                    {
                        present++;
                        differ |= first is not null && !string.Equals(first, value, StringComparison.Ordinal);
                        first ??= value;
                    }
                }
            }

            return present < 2 ? RuleVerdict.NotApplicable : differ ? RuleVerdict.Fail : RuleVerdict.Pass;
        }

        string? Value(TRow row) => string.Join(", ", columns.Where(c => c.Format(row) is not null).Select(c => $"{c.Name}={c.Format(row)}"));

        return new(rule, Check, Value);
    }

    private static RowRule<TRow> Uniqueness<TRow>(RuleDefinition rule, SilverColumn<TRow> column)
    {
        if (column.Type == ColumnType.Number)
        {
            var number = column.Number!;
            var seenNumbers = new HashSet<double>();
            return new(rule, row => number(row) is not { } value ? RuleVerdict.NotApplicable : seenNumbers.Add(value) ? RuleVerdict.Pass : RuleVerdict.Fail, column.Format);
        }

        var text = column.Text!;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return new(
            rule,
            row => text(row) is not { } value || (rule.IgnoreBlank && string.IsNullOrWhiteSpace(value))
                ? RuleVerdict.NotApplicable
                : seen.Add(value) ? RuleVerdict.Pass : RuleVerdict.Fail,
            text);
    }

    private static SilverColumn<TRow> Column<TRow>(RuleDefinition rule, IReadOnlyDictionary<string, SilverColumn<TRow>> columns, string? name) =>
        name is not null && columns.TryGetValue(name, out var column)
            ? column
            : throw new ArgumentException($"rule '{rule.Id}' reads column '{name}', which its table does not have", nameof(rule));
}
