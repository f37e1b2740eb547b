using SciTldr.Reporting.Dashboard;

namespace SciTldr.Reporting.Tests;

public sealed class PaperSearchTests
{
    private static readonly PaperView Paper = new(
        "SyxS0T4tvS",
        "Deep <b>Learning</b> for Graphs",
        120,
        ["graph neural networks"],
        ["graphs"],
        [new TldrView(0, "author", "We propose a message-passing scheme.", 6, 0.4)]);

    [Theory]
    [InlineData("")]
    [InlineData("syxs0t4")]
    [InlineData("<b>learning")]
    [InlineData("MESSAGE-PASSING")]
    public void Matches_id_title_or_tldr_text_ignoring_case(string term) => Assert.True(PaperSearch.Matches(Paper, term));

    [Theory]
    [InlineData("graph neural")]
    [InlineData("transformer")]
    public void Keyphrases_and_unrelated_words_do_not_match(string term) => Assert.False(PaperSearch.Matches(Paper, term));

    [Theory]
    [InlineData(-1, 25, "offset")]
    [InlineData(0, 0, "limit")]
    [InlineData(0, PaperSearch.MaxLimit + 1, "limit")]
    public void Out_of_bounds_paging_is_refused_with_the_parameter_named(int offset, int limit, string named) =>
        Assert.Contains(named, Assert.Throws<ArgumentException>(() => PaperSearch.Validate("x", offset, limit)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_query_longer_than_the_limit_is_refused() =>
        Assert.Throws<ArgumentException>(() => PaperSearch.Validate(new string('a', PaperSearch.MaxQueryLength + 1), 0, 25));
}
