using SciTldr.Domain.Records;

namespace SciTldr.Domain.Features;

/// <summary>A paper's silver rows: one paper row and one row per TLDR.</summary>
public sealed record ExtractedFeatures(PaperFeatures Paper, TldrFeatures[] Tldrs)
{
    public static ExtractedFeatures From(PaperRecord record)
    {
        var text = PaperText.From(record);
        var paper = PaperFeatures.From(record, text);
        return new ExtractedFeatures(paper, TldrFeatures.From(record, paper, text));
    }
}
