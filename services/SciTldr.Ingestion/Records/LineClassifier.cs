using System.IO.Hashing;
using System.Text;
using SciTldr.Domain;
using SciTldr.Domain.Records;
using SciTldr.Lake;

namespace SciTldr.Ingestion.Records;

/// <summary>What ingestion does with one input line.</summary>
public enum LineOutcomeKind
{
    /// <summary>Empty or whitespace only: counted, neither kept nor quarantined.</summary>
    Blank,

    /// <summary>A valid record whose <c>paper_id</c> is new in the run: goes to bronze.</summary>
    Accepted,

    /// <summary>Goes to <c>quarantine/</c> with <see cref="LineOutcome.Reason"/>.</summary>
    Quarantined,
}

/// <summary>The outcome of one line: for a quarantined one, its reason code (interfaces.md) and a readable detail.</summary>
public readonly record struct LineOutcome(LineOutcomeKind Kind, string? Reason = null, string? Detail = null, string? PaperId = null);

/// <summary>
/// Gives every line of a run exactly one outcome: blank, accepted, or quarantined with a reason code.
/// Validation is <see cref="RecordValidator"/>'s; on top of it the classifier knows the run, so it
/// quarantines a <c>paper_id</c> already accepted in this run (the first occurrence is kept).
/// </summary>
/// <remarks>
/// Accepted ids are remembered as 128-bit XxHash128 digests of their UTF-8 bytes, whatever the id's
/// length, in <see cref="SeenDigests"/>: the newest in memory, the rest in sorted scratch files, so the
/// memory a run needs does not grow with its size (docs/performance.md). Two different ids share a digest
/// with a probability of about n²/2¹²⁹ (below 10⁻²⁶ for a billion ids), far below the chance of a
/// hardware fault.
/// </remarks>
public sealed class LineClassifier : IDisposable
{
    private readonly ScratchDirectory _scratch;
    private readonly SeenDigests _acceptedIds;
    private readonly int _maxRecordBytes;

    /// <param name="scratchParent">Where the accepted ids' scratch files go (the temp path by default).</param>
    public LineClassifier(int maxRecordBytes, string? scratchParent = null, int recentIds = SeenDigests.DefaultRecentCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordBytes, 1);
        _maxRecordBytes = maxRecordBytes;
        _scratch = new ScratchDirectory(scratchParent);
        _acceptedIds = new SeenDigests(_scratch, recentIds);
    }

    /// <summary>Papers accepted so far.</summary>
    public long AcceptedCount => _acceptedIds.Count;

    public void Dispose()
    {
        _acceptedIds.Dispose();
        _scratch.Dispose();
    }

    public LineOutcome Classify(JsonlLine line)
    {
        if (line.IsOversize)
        {
            return new(LineOutcomeKind.Quarantined, ReasonCodes.RecordTooLarge, $"the line is {line.Length} bytes, over the {_maxRecordBytes}-byte limit");
        }

        var result = RecordValidator.Validate(line.Bytes);
        if (result.IsBlank)
        {
            return new(LineOutcomeKind.Blank);
        }

        if (!result.IsAccepted)
        {
            return new(LineOutcomeKind.Quarantined, result.ReasonCode, result.Detail ?? "");
        }

        var paperId = result.Record!.PaperId;
        if (!_acceptedIds.Add(Digest(paperId)))
        {
            return new(LineOutcomeKind.Quarantined, ReasonCodes.DuplicatePaperId, $"paper_id '{paperId}' was already accepted in this run", paperId);
        }

        return new(LineOutcomeKind.Accepted, PaperId: paperId);
    }

    private static UInt128 Digest(string paperId)
    {
        Span<byte> utf8 = paperId.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(paperId.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(paperId.Length)];
        var length = Encoding.UTF8.GetBytes(paperId, utf8);
        return XxHash128.HashToUInt128(utf8[..length]);
    }
}
