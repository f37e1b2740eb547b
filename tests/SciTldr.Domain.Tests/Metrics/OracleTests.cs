using SciTldr.Domain.Metrics;

namespace SciTldr.Domain.Tests.Metrics;

public sealed class OracleTests
{
    private static readonly string[][] Abstract =
    [
        Tokens.Of("deep networks are hard to train ."),
        Tokens.Of("we propose adaptive loss scaling for mixed precision training ."),
        Tokens.Of("experiments show faster convergence ."),
    ];

    [Fact]
    public void Picks_the_sentence_with_the_highest_rouge1_f1()
    {
        var summary = Tokens.Of("adaptive loss scaling makes mixed precision training easier");

        var match = Oracle.BestSentence(summary, Abstract);

        Assert.NotNull(match);
        Assert.Equal(1, match.Value.SentenceIndex);
        Assert.Equal(0.5, match.Value.RelativePosition);
        Assert.Equal(Rouge.Rouge1(summary, Abstract[1]).F1, match.Value.Score);
    }

    [Fact]
    public void Score_is_the_f1_not_the_recall_so_a_long_sentence_does_not_win_by_length()
    {
        // summary "a b" (2). Sentence 0 "a b c d e f" (6): overlap 2 → P = 1, R = 1/3, F1 = 0.5
        // despite full recall; sentence 1 "a b x" (3): overlap 2 → P = 1, R = 2/3, F1 = 0.8.
        string[][] sentences = [Tokens.Of("a b c d e f"), Tokens.Of("a b x")];

        var match = Oracle.BestSentence(Tokens.Of("a b"), sentences);

        Assert.Equal(1, match!.Value.SentenceIndex);
        Assert.Equal(0.8, match.Value.Score, 1e-12);
        Assert.Equal(1, match.Value.RelativePosition);
    }

    [Fact]
    public void Ties_go_to_the_earliest_sentence()
    {
        // "a b" against "a c" and "b c": overlap 1 of 2 each → F1 = 0.5 both; sentence 0 wins.
        string[][] sentences = [Tokens.Of("z z"), Tokens.Of("a c"), Tokens.Of("b c")];

        var match = Oracle.BestSentence(Tokens.Of("a b"), sentences);

        Assert.Equal(new OracleMatch(1, 0.5, 0.5), match);
    }

    [Fact]
    public void With_no_overlap_anywhere_the_first_sentence_scores_zero()
    {
        Assert.Equal(new OracleMatch(0, 0, 0), Oracle.BestSentence(Tokens.Of("q r"), Abstract));
    }

    [Theory]
    [InlineData("deep networks are hard to train", 0, 0.0)]
    [InlineData("we propose adaptive loss scaling", 1, 0.5)]
    [InlineData("experiments show faster convergence", 2, 1.0)]
    public void Relative_position_runs_from_zero_at_the_first_to_one_at_the_last(string summary, int index, double position)
    {
        var match = Oracle.BestSentence(Tokens.Of(summary), Abstract);

        Assert.Equal(index, match!.Value.SentenceIndex);
        Assert.Equal(position, match.Value.RelativePosition);
    }

    [Fact]
    public void A_single_sentence_is_at_position_zero()
    {
        var match = Oracle.BestSentence(Tokens.Of("hard to train"), [Tokens.Of("deep networks are hard to train .")]);

        // overlap 3; P = 3/3, R = 3/7 → F1 = 2·(3/7) / (10/7) = 0.6.
        Assert.Equal(0, match!.Value.SentenceIndex);
        Assert.Equal(0, match.Value.RelativePosition);
        Assert.Equal(0.6, match.Value.Score, 1e-12);
    }

    [Fact]
    public void Repeated_summary_tokens_are_clipped_per_sentence()
    {
        // summary "a a a" (3). Sentence 0 "a b" (2): overlap min(3,1) = 1 → P = 1/3, R = 1/2, F1 = 0.4.
        // Sentence 1 "a a c c" (4): overlap min(3,2) = 2 → P = 2/3, R = 1/2, F1 = (2/3) / (7/6) = 4/7.
        // Counts must not leak from sentence 0 into sentence 1.
        string[][] sentences = [Tokens.Of("a b"), Tokens.Of("a a c c")];

        var match = Oracle.BestSentence(Tokens.Of("a a a"), sentences);

        Assert.Equal(1, match!.Value.SentenceIndex);
        Assert.Equal(4.0 / 7, match.Value.Score, 1e-12);
    }

    [Fact]
    public void Empty_summary_or_no_sentences_gives_null()
    {
        Assert.Null(Oracle.BestSentence([], Abstract));
        Assert.Null(Oracle.BestSentence(Tokens.Of("a b"), []));
    }

    [Fact]
    public void Agrees_with_rouge1_of_each_sentence_on_random_abstracts()
    {
        var random = new Random(2020);
        for (var trial = 0; trial < 200; trial++)
        {
            var vocabulary = 3 + random.Next(20);
            var summary = RougeTests.RandomTokens(random, 1 + random.Next(30), vocabulary);
            var sentences = new string[1 + random.Next(10)][];
            for (var i = 0; i < sentences.Length; i++)
            {
                sentences[i] = RougeTests.RandomTokens(random, random.Next(40), vocabulary);
            }

            var expectedIndex = 0;
            for (var i = 1; i < sentences.Length; i++)
            {
                if (Rouge.Rouge1(summary, sentences[i]).F1 > Rouge.Rouge1(summary, sentences[expectedIndex]).F1)
                {
                    expectedIndex = i;
                }
            }

            var match = Oracle.BestSentence(summary, sentences)!.Value;

            Assert.Equal(expectedIndex, match.SentenceIndex);
            Assert.Equal(Rouge.Rouge1(summary, sentences[expectedIndex]).F1, match.Score);
            Assert.Equal((double)expectedIndex / Math.Max(1, sentences.Length - 1), match.RelativePosition);
        }
    }
}
