using SciTldr.Domain.Quality;
using SciTldr.Domain.Tests.ReferenceFigures;

namespace SciTldr.Domain.Tests.Quality.Rulesets;

/// <summary>The shipped ruleset on the bundled SciTLDR splits, in partitions of 100 as a run would check them.</summary>
public sealed class DefaultRulesetOnBundledDataTests
{
    [Theory]
    [InlineData("train", 63)]
    [InlineData("dev", 19)]
    public void The_default_ruleset_flags_the_known_misalignments_and_quarantines_nothing(string split, int misaligned)
    {
        var run = SplitPipeline.For(split);

        Assert.Equal(misaligned, run.FailedCount(Rules.SourceAlignmentId));
        Assert.Equal(0, run.FailedCount(Rules.TldrNonemptyId));
        Assert.Equal(0, run.FailedCount(Rules.SingleOracleId));
        Assert.Equal(0, run.FailedCount(Rules.AbstractNonemptyId));
        Assert.Equal(0, run.FailedCount(Rules.RougeRangeId));
        Assert.Equal(0, run.FailedCount("rouge_f1_range"));
        Assert.Equal(0, run.FailedCount("tldr_source_known"));
        Assert.All(run.Partitions, p => Assert.Empty(p.Quarantined));
        Assert.All(run.Partitions, p => Assert.True(p.Passed));
        Assert.Equal(run.Records.Count, run.Partitions.Sum(p => p.PassingPapers.Count));
    }

    [Theory]
    [InlineData("train")]
    [InlineData("dev")]
    public void Source_alignment_evaluates_the_papers_that_carry_labels_or_scores(string split)
    {
        var run = SplitPipeline.For(split);
        var withLists = run.Records.Count(r => r.SourceLabels is not null || r.RougeScores is not null);

        Assert.Equal(withLists, run.Partitions.Sum(p => p.Rule(Rules.SourceAlignmentId).Evaluated));
        Assert.Equal(run.FailedCount(Rules.SourceAlignmentId), run.Partitions.Sum(p => p.FailedRulesByPaper.Values.Count(rules => rules.Contains(Rules.SourceAlignmentId))));
    }
}
