namespace SciTldr.Domain.Records;

/// <summary>
/// Why ingestion quarantined a record. These strings are part of the stable interface
/// (run summary, quarantine files), so they are defined here once and never spelled elsewhere.
/// </summary>
public static class ReasonCodes
{
    public const string InvalidUtf8 = "invalid_utf8";
    public const string RecordTooLarge = "record_too_large";
    public const string MalformedJson = "malformed_json";
    public const string NotAnObject = "not_an_object";
    public const string MissingField = "missing_field";
    public const string WrongType = "wrong_type";
    public const string DuplicatePaperId = "duplicate_paper_id";

    /// <summary>Every record-level code, in the order of the interface table.</summary>
    public static readonly IReadOnlyList<string> All =
        [InvalidUtf8, RecordTooLarge, MalformedJson, NotAnObject, MissingField, WrongType, DuplicatePaperId];
}
