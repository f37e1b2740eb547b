using SciTldr.Domain.Records;
using SciTldr.Domain.Runs;

namespace SciTldr.Domain.Tests.Runs;

public sealed class IngestionCountsTests
{
    [Fact]
    public void Counter_accounts_for_each_line_once_and_reconciles()
    {
        var counter = new IngestionCounter();
        counter.Count(RecordValidator.Validate("""{"paper_id": "p", "source": ["s"], "target": ["t"]}"""u8));
        counter.Count(RecordValidator.Validate("   "u8));
        counter.Count(RecordValidator.Validate("[]"u8));
        counter.Count(RecordValidator.Validate("{"u8));
        counter.Count(RecordValidator.Validate("{,"u8));
        counter.CountQuarantined(ReasonCodes.DuplicatePaperId);

        var counts = counter.ToCounts();

        Assert.Equal((6L, 1L, 4L, 1L), (counts.Lines, counts.Accepted, counts.Quarantined, counts.Blank));
        Assert.Equal(
            [
                new KeyValuePair<string, long>("duplicate_paper_id", 1),
                new KeyValuePair<string, long>("malformed_json", 2),
                new KeyValuePair<string, long>("not_an_object", 1),
            ],
            counts.Quarantine);
        Assert.True(counts.IsReconciled);
        counts.EnsureReconciled();
    }

    [Fact]
    public void Counts_whose_outcomes_do_not_add_up_to_the_lines_do_not_reconcile()
    {
        var counts = new IngestionCounts(10, 5, 2, 2, new Dictionary<string, long> { ["wrong_type"] = 2 });

        Assert.False(counts.IsReconciled);
        var error = Assert.Throws<InvalidOperationException>(counts.EnsureReconciled);
        Assert.Contains("lines 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_whose_breakdown_does_not_add_up_to_the_quarantined_total_do_not_reconcile()
    {
        var counts = new IngestionCounts(10, 5, 3, 2, new Dictionary<string, long> { ["wrong_type"] = 2 });

        Assert.False(counts.IsReconciled);
    }

    [Fact]
    public void Empty_counts_reconcile()
    {
        Assert.True(IngestionCounts.Empty.IsReconciled);
        Assert.True(new IngestionCounter().ToCounts().IsReconciled);
    }
}
