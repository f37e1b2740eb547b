using System.Text;
using SciTldr.Domain.Features;
using SciTldr.Domain.Records;

namespace SciTldr.Domain.Tests;

/// <summary>Hand-made records for tests: a valid default, with each part overridable.</summary>
internal static class TestRecords
{
    public static PaperRecord Paper(
        string id = "p1",
        string[]? source = null,
        string[]? target = null,
        int[]? labels = null,
        double[]? scores = null,
        string? title = "A title") =>
        new(id, title, source ?? ["One sentence here."], labels, scores, target ?? ["A short tldr."]);

    public static PaperFeatures FeaturesOf(PaperRecord record) => PaperFeatures.From(record);

    public static ExtractedFeatures Extract(PaperRecord record) => ExtractedFeatures.From(record);

    public static RecordValidationResult Validate(string line) => RecordValidator.Validate(Encoding.UTF8.GetBytes(line));
}
