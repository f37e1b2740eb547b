namespace SciTldr.Domain.Tests.Metrics;

/// <summary>
/// Textbook ROUGE, written independently of the production code for cross-checking: n-grams as
/// joined strings counted in dictionaries, LCS with the full (m+1)×(n+1) matrix.
/// </summary>
internal static class NaiveRouge
{
    public static (double P, double R, double F) RougeN(string[] candidate, string[] reference, int n)
    {
        var cand = Counts(candidate, n);
        var refs = Counts(reference, n);
        var overlap = 0;
        foreach (var (gram, count) in cand)
        {
            overlap += Math.Min(count, refs.GetValueOrDefault(gram));
        }

        return Score(overlap, cand.Values.Sum(), refs.Values.Sum());
    }

    public static (double P, double R, double F) RougeL(string[] candidate, string[] reference) =>
        Score(Lcs(candidate, reference), candidate.Length, reference.Length);

    public static int Lcs(string[] a, string[] b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                table[i, j] = a[i - 1] == b[j - 1]
                    ? table[i - 1, j - 1] + 1
                    : Math.Max(table[i - 1, j], table[i, j - 1]);
            }
        }

        return table[a.Length, b.Length];
    }

    public static double? NovelPercent(string[] summary, string[] source, int n)
    {
        var grams = Grams(summary, n);
        if (grams.Count == 0)
        {
            return null;
        }

        var present = new HashSet<string>(Grams(source, n), StringComparer.Ordinal);
        return 100.0 * grams.Count(g => !present.Contains(g)) / grams.Count;
    }

    private static (double, double, double) Score(int overlap, int candidateCount, int referenceCount)
    {
        if (overlap == 0)
        {
            return (0, 0, 0);
        }

        var p = (double)overlap / candidateCount;
        var r = (double)overlap / referenceCount;
        return (p, r, 2 * p * r / (p + r));
    }

    private static Dictionary<string, int> Counts(string[] tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var gram in Grams(tokens, n))
        {
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }

        return counts;
    }

    // The unit separator cannot occur inside a whitespace token, so joined n-grams are unambiguous.
    private static List<string> Grams(string[] tokens, int n)
    {
        var grams = new List<string>();
        for (var i = 0; i + n <= tokens.Length; i++)
        {
            grams.Add(string.Join('\u001f', tokens, i, n));
        }

        return grams;
    }
}
