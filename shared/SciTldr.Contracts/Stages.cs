namespace SciTldr.Contracts;

/// <summary>The four pipeline stages; their names appear in ledger keys, logs and the run summary.</summary>
public static class Stages
{
    public const string Ingestion = "ingestion";
    public const string Transformation = "transformation";
    public const string Quality = "quality";
    public const string Reporting = "reporting";

    public static readonly IReadOnlyList<string> All = [Ingestion, Transformation, Quality, Reporting];
}
