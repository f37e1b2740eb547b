namespace SciTldr.Domain.Metrics;

/// <summary>
/// Working memory of the metrics, owned by a thread's <see cref="TokenAlignment"/> and grown on
/// demand, so computing a metric does not allocate. A metric takes each buffer at most once.
/// </summary>
internal sealed class MetricScratch
{
    private int[] counts = [];
    private ulong[] masks = [];
    private int[] row = [];

    public NgramTable Ngrams { get; } = new();

    /// <summary>Zeroed ints.</summary>
    public Span<int> Counts(int length) => Cleared(ref counts, length);

    /// <summary>Zeroed 64-bit words.</summary>
    public Span<ulong> Masks(int length) => Cleared(ref masks, length);

    /// <summary>Zeroed ints, distinct from <see cref="Counts"/>.</summary>
    public Span<int> Row(int length) => Cleared(ref row, length);

    private static Span<T> Cleared<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, array.Length * 2)];
        }

        var span = array.AsSpan(0, length);
        span.Clear();
        return span;
    }
}
