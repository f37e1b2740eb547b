namespace SciTldr.Domain.Quality.Rulesets;

/// <summary>
/// A ruleset that cannot be used: not YAML, or a rule that is incomplete, contradictory or unknown.
/// The message reads <c>file:line: rule 'id': problem</c>, so an operator can go straight to the line.
/// </summary>
public sealed class RulesetException : Exception
{
    public RulesetException(string rulesetSource, int? line, string? ruleId, string problem, Exception? innerException = null)
        : base(Format(rulesetSource, line, ruleId, problem), innerException)
    {
        RulesetSource = rulesetSource;
        Line = line;
        RuleId = ruleId;
        Problem = problem;
    }

    /// <summary>The file (or label) the ruleset was read from.</summary>
    public string RulesetSource { get; }

    /// <summary>1-based line of the problem, when it has one (a severity override from configuration has none).</summary>
    public int? Line { get; }

    /// <summary>The rule the problem belongs to, when it belongs to one.</summary>
    public string? RuleId { get; }

    /// <summary>The problem alone, without file, line and rule.</summary>
    public string Problem { get; }

    private static string Format(string source, int? line, string? ruleId, string problem)
    {
        var where = line is { } l ? $"{source}:{l}" : source;
        return ruleId is null ? $"{where}: {problem}" : $"{where}: rule '{ruleId}': {problem}";
    }
}
