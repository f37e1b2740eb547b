namespace SciTldr.Domain.Metrics;

/// <summary>
/// The abstract sentence a summary overlaps most: its index, its ROUGE-1 F1 against the summary,
/// and where it sits in the abstract (0 = first sentence, 1 = last).
/// </summary>
public readonly record struct OracleMatch(int SentenceIndex, double Score, double RelativePosition);
