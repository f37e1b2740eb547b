using System.Diagnostics.CodeAnalysis;

namespace SciTldr.Domain.Records;

/// <summary>What became of one input line.</summary>
public enum RecordOutcome
{
    /// <summary>Only whitespace: counted, neither accepted nor quarantined.</summary>
    Blank,

    /// <summary>A well-formed record.</summary>
    Accepted,

    /// <summary>Quarantined with a reason code from <see cref="ReasonCodes"/>.</summary>
    Rejected,
}

/// <summary>The verdict on one line: blank, an accepted record, or a rejection with reason and detail.</summary>
public sealed class RecordValidationResult
{
    /// <summary>Blank lines carry no data, so one instance serves them all.</summary>
    public static readonly RecordValidationResult Blank = new(RecordOutcome.Blank, null, null, null);

    private RecordValidationResult(RecordOutcome outcome, PaperRecord? record, string? reasonCode, string? detail)
    {
        Outcome = outcome;
        Record = record;
        ReasonCode = reasonCode;
        Detail = detail;
    }

    public RecordOutcome Outcome { get; }

    /// <summary>The parsed record when <see cref="IsAccepted"/>.</summary>
    public PaperRecord? Record { get; }

    /// <summary>One of <see cref="ReasonCodes"/> when <see cref="IsRejected"/>.</summary>
    public string? ReasonCode { get; }

    /// <summary>A human-readable explanation when <see cref="IsRejected"/>, specific enough to fix the line.</summary>
    public string? Detail { get; }

    public bool IsBlank => Outcome == RecordOutcome.Blank;

    [MemberNotNullWhen(true, nameof(Record))]
    public bool IsAccepted => Outcome == RecordOutcome.Accepted;

    [MemberNotNullWhen(true, nameof(ReasonCode), nameof(Detail))]
    public bool IsRejected => Outcome == RecordOutcome.Rejected;

    public static RecordValidationResult Accepted(PaperRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(RecordOutcome.Accepted, record, null, null);
    }

    public static RecordValidationResult Rejected(string reasonCode, string detail)
    {
        ArgumentException.ThrowIfNullOrEmpty(reasonCode);
        ArgumentException.ThrowIfNullOrEmpty(detail);
        return new(RecordOutcome.Rejected, null, reasonCode, detail);
    }

    public override string ToString() => Outcome switch
    {
        RecordOutcome.Accepted => $"Accepted({Record!.PaperId})",
        RecordOutcome.Rejected => $"Rejected({ReasonCode}: {Detail})",
        _ => "Blank",
    };
}
