using SciTldr.Domain.Enrichment;

namespace SciTldr.Domain.Tests.Enrichment;

public sealed class TldrStyleFlagsTests
{
    private static TldrStyle StyleOf(string text) => TldrStyleFlags.Of(text, SplitTexts.Tokens(text));

    [Theory]
    [InlineData("We train a larger model.", true)]
    [InlineData("Our loss converges faster.", true)]
    [InlineData("It lets us prune half the weights.", true)]
    [InlineData("I argue that my bound is tight.", true)]
    [InlineData("The model is trained with usual weights.", false)]
    public void First_person(string text, bool expected)
    {
        Assert.Equal(expected, StyleOf(text).HasFlag(TldrStyle.FirstPerson));
    }

    [Theory]
    [InlineData("Improves accuracy by 3.5 points.", true)]
    [InlineData("A ResNet-50 trained in one hour.", true)]
    [InlineData("Improves accuracy on every benchmark.", false)]
    public void Contains_number(string text, bool expected)
    {
        Assert.Equal(expected, StyleOf(text).HasFlag(TldrStyle.ContainsNumber));
    }

    [Theory]
    [InlineData("We propose a new loss.", true)]
    [InlineData("  we present a benchmark.", true)]
    [InlineData("WE INTRODUCE a dataset.", true)]
    [InlineData("Here we propose a new loss.", false)]
    [InlineData("We proposal writers rejoice.", false)]
    [InlineData("We show that pruning works.", false)]
    public void Starts_with_we_propose(string text, bool expected)
    {
        Assert.Equal(expected, StyleOf(text).HasFlag(TldrStyle.StartsWithWePropose));
    }

    [Theory]
    [InlineData("This paper studies pruning.", true)]
    [InlineData("In this paper, we study pruning.", true)]
    [InlineData("this work shows a bound.", true)]
    [InlineData("This workshop paper studies pruning.", false)]
    [InlineData("We extend this paper's method.", false)]
    public void Starts_with_this_paper(string text, bool expected)
    {
        Assert.Equal(expected, StyleOf(text).HasFlag(TldrStyle.StartsWithThisPaper));
    }

    [Theory]
    [InlineData("Can transformers count?", true)]
    [InlineData("Do GANs learn the distribution?  ", true)]
    [InlineData("Why? Because depth helps.", false)]
    [InlineData("Transformers can count.", false)]
    public void Question(string text, bool expected)
    {
        Assert.Equal(expected, StyleOf(text).HasFlag(TldrStyle.Question));
    }

    [Theory]
    [InlineData("Achieves state-of-the-art results on ImageNet.", true)]
    [InlineData("Reaches the state of the art on ImageNet.", true)]
    [InlineData("A new SOTA for parsing.", true)]
    [InlineData("Outperforms strong baselines.", true)]
    [InlineData("A method outperforming prior work.", true)]
    [InlineData("Matches the baselines on ImageNet.", false)]
    [InlineData("The state of the model is tracked.", false)]
    public void Claims_state_of_the_art(string text, bool expected)
    {
        Assert.Equal(expected, StyleOf(text).HasFlag(TldrStyle.ClaimsStateOfTheArt));
    }

    [Theory]
    [InlineData("Code is released.", true)]
    [InlineData("Available on GitHub.", true)]
    [InlineData("An open-source library for pruning.", true)]
    [InlineData("An open source library for pruning.", true)]
    [InlineData("Our implementation is available online.", true)]
    [InlineData("We encode the input as a graph.", false)]
    [InlineData("The implementation is simple.", false)]
    [InlineData("The source of the error is open.", false)]
    public void Mentions_code(string text, bool expected)
    {
        Assert.Equal(expected, StyleOf(text).HasFlag(TldrStyle.MentionsCode));
    }

    [Fact]
    public void Plain_sentence_has_no_flag()
    {
        Assert.Equal(TldrStyle.None, StyleOf("Pruning early speeds up training."));
    }

    [Fact]
    public void Flags_combine()
    {
        Assert.Equal(
            TldrStyle.FirstPerson | TldrStyle.ContainsNumber | TldrStyle.StartsWithWePropose
                | TldrStyle.ClaimsStateOfTheArt | TldrStyle.MentionsCode,
            StyleOf("We propose a model that outperforms 3 baselines; code on GitHub."));
    }

    [Fact]
    public void Text_decides_opening_and_question_tokens_decide_the_rest()
    {
        var style = TldrStyleFlags.Of("We propose this?", ["nothing", "here"]);

        Assert.Equal(TldrStyle.StartsWithWePropose | TldrStyle.Question, style);
    }

    [Fact]
    public void Names_are_stable_snake_case_in_enum_order()
    {
        Assert.Empty(TldrStyleFlags.Names(TldrStyle.None));
        Assert.Equal(
            ["first_person", "contains_number"],
            TldrStyleFlags.Names(TldrStyle.ContainsNumber | TldrStyle.FirstPerson));
        Assert.Equal(
        [
            "first_person", "contains_number", "starts_with_we_propose", "starts_with_this_paper",
            "is_question", "claims_state_of_the_art", "mentions_code",
        ], TldrStyleFlags.Names((TldrStyle)127));
    }

    [Fact]
    public void Every_single_flag_has_its_own_name_and_unknown_bits_have_none()
    {
        var singles = Enum.GetValues<TldrStyle>().Where(f => f != TldrStyle.None).ToArray();

        Assert.Equal(singles.Length, singles.Select(f => Assert.Single(TldrStyleFlags.Names(f))).Distinct().Count());
        Assert.Empty(TldrStyleFlags.Names((TldrStyle)128));
    }
}
