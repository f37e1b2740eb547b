using SciTldr.Domain.Quality;

namespace SciTldr.Domain.Tests.Quality;

public sealed class RulesTests
{
    [Fact]
    public void Registry_lists_the_interface_rules_in_interface_order_with_their_default_severities()
    {
        Assert.Equal(
            [
                ("abstract_nonempty", RuleSeverity.Error, RuleScope.Partition),
                ("tldr_nonempty", RuleSeverity.Error, RuleScope.Partition),
                ("rouge_range", RuleSeverity.Error, RuleScope.Partition),
                ("paper_id_unique", RuleSeverity.Error, RuleScope.Run),
                ("source_alignment", RuleSeverity.Warning, RuleScope.Partition),
                ("single_oracle", RuleSeverity.Warning, RuleScope.Partition),
                ("title_duplicate", RuleSeverity.Warning, RuleScope.Run),
                ("tldr_length_outlier", RuleSeverity.Warning, RuleScope.Run),
            ],
            Rules.All.Select(r => (r.Id, r.DefaultSeverity, r.Scope)));
    }

    [Fact]
    public void Every_rule_has_a_description()
    {
        Assert.All(Rules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Description)));
    }

    [Theory]
    [InlineData(RuleSeverity.Error, "error")]
    [InlineData(RuleSeverity.Warning, "warning")]
    public void Severities_have_lower_case_wire_names(RuleSeverity severity, string expected)
    {
        Assert.Equal(expected, severity.ToWireName());
    }
}
