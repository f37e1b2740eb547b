namespace SciTldr.Domain.Metrics;

/// <summary>Precision, recall and F1 of one ROUGE variant, each in [0, 1].</summary>
public readonly record struct RougeScore(double Precision, double Recall, double F1)
{
    /// <summary>
    /// The score of <paramref name="matches"/> units in common between a candidate of
    /// <paramref name="candidateUnits"/> units and a reference of <paramref name="referenceUnits"/>;
    /// all zeros when nothing matches, so an empty side never divides by zero.
    /// </summary>
    internal static RougeScore FromMatches(int matches, int candidateUnits, int referenceUnits)
    {
        if (matches == 0)
        {
            return default;
        }

        var precision = (double)matches / candidateUnits;
        var recall = (double)matches / referenceUnits;
        return new RougeScore(precision, recall, 2 * precision * recall / (precision + recall));
    }
}
