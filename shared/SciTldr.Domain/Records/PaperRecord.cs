namespace SciTldr.Domain.Records;

/// <summary>One SciTLDR record as it arrives: an abstract split into sentences and one or more TLDRs.</summary>
/// <param name="PaperId">The paper's id; unique within a run (the caller enforces that).</param>
/// <param name="Title">The title, when the record has one.</param>
/// <param name="Source">The abstract, one sentence per item.</param>
/// <param name="SourceLabels">Per sentence, 1 for the oracle sentence and 0 otherwise; null when absent.</param>
/// <param name="RougeScores">Per sentence, ROUGE-1 against the TLDR; null when absent.</param>
/// <param name="Target">The TLDRs: the author's first, then peer-review ones.</param>
public sealed record PaperRecord(
    string PaperId,
    string? Title,
    string[] Source,
    int[]? SourceLabels,
    double[]? RougeScores,
    string[] Target);
