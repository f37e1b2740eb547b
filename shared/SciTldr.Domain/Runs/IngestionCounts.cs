using SciTldr.Domain.Records;

namespace SciTldr.Domain.Runs;

/// <summary>What ingestion made of a source's lines; it travels to reporting and into the run summary.</summary>
/// <param name="Quarantine">Quarantined lines by reason code.</param>
public sealed record IngestionCounts(
    long Lines,
    long Accepted,
    long Quarantined,
    long Blank,
    IReadOnlyDictionary<string, long> Quarantine)
{
    public static readonly IngestionCounts Empty = new(0, 0, 0, 0, new Dictionary<string, long>());

    /// <summary>
    /// Every line has exactly one outcome, and the quarantine breakdown adds up to the quarantined total;
    /// counts that don't reconcile mean lines were lost or counted twice.
    /// </summary>
    public bool IsReconciled =>
        Lines >= 0 && Accepted >= 0 && Quarantined >= 0 && Blank >= 0
        && Lines == Accepted + Quarantined + Blank
        && Quarantine.Values.Sum() == Quarantined
        && Quarantine.Values.All(count => count >= 0);

    public void EnsureReconciled()
    {
        if (!IsReconciled)
        {
            throw new InvalidOperationException(
                $"ingestion counts do not reconcile: lines {Lines} vs accepted {Accepted} + quarantined {Quarantined} + blank {Blank}; " +
                $"quarantine by code adds up to {Quarantine.Values.Sum()}");
        }
    }
}

/// <summary>Counts line outcomes while a source is read; each call accounts for exactly one line.</summary>
public sealed class IngestionCounter
{
    // Sorted so that the summary lists reason codes in the same order on every run.
    private readonly SortedDictionary<string, long> _quarantine = new(StringComparer.Ordinal);

    public long Lines { get; private set; }

    public long Accepted { get; private set; }

    public long Quarantined { get; private set; }

    public long Blank { get; private set; }

    /// <summary>Counts a validation outcome. A record found to be a duplicate is counted with <see cref="CountQuarantined"/> instead.</summary>
    public void Count(RecordValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        switch (result.Outcome)
        {
            case RecordOutcome.Blank:
                CountBlank();
                break;
            case RecordOutcome.Accepted:
                CountAccepted();
                break;
            default:
                CountQuarantined(result.ReasonCode!);
                break;
        }
    }

    public void CountBlank()
    {
        Lines++;
        Blank++;
    }

    public void CountAccepted()
    {
        Lines++;
        Accepted++;
    }

    public void CountQuarantined(string reasonCode)
    {
        ArgumentException.ThrowIfNullOrEmpty(reasonCode);
        Lines++;
        Quarantined++;
        _quarantine[reasonCode] = _quarantine.GetValueOrDefault(reasonCode) + 1;
    }

    public IngestionCounts ToCounts() =>
        new(Lines, Accepted, Quarantined, Blank, new SortedDictionary<string, long>(_quarantine, StringComparer.Ordinal));
}
