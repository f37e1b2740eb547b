namespace SciTldr.Reporting;

/// <summary>Settings of the reporting service (section <c>Reporting</c>).</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";

    /// <summary>The address users reach this service at; run summaries link their report page under it.</summary>
    public string? PublicUrl { get; set; }
}
