using SciTldr.Domain.Metrics;

namespace SciTldr.Domain.Tests.Metrics;

public sealed class RougeTests
{
    private const double Exact = 1e-12;

    [Fact]
    public void Rouge1_counts_shared_unigrams_with_repeats()
    {
        // cand: the×2 cat sat on mat (6); ref: the×2 cat was on mat (6).
        // overlap = min(2,2) the + cat + on + mat = 5 → P = R = 5/6, F1 = 5/6.
        var score = Rouge.Rouge1(Tokens.Of("the cat sat on the mat"), Tokens.Copied("the cat was on the mat"));

        AssertScore(5.0 / 6, 5.0 / 6, 5.0 / 6, score);
    }

    [Fact]
    public void Rouge2_counts_shared_bigrams()
    {
        // cand bigrams: "the cat" "cat sat" "sat on" "on the" "the mat" (5);
        // ref bigrams:  "the cat" "cat was" "was on" "on the" "the mat" (5).
        // overlap = "the cat" + "on the" + "the mat" = 3 → P = R = F1 = 3/5 = 0.6.
        var score = Rouge.Rouge2(Tokens.Of("the cat sat on the mat"), Tokens.Copied("the cat was on the mat"));

        AssertScore(0.6, 0.6, 0.6, score);
    }

    [Fact]
    public void RougeL_uses_the_longest_common_subsequence()
    {
        // LCS = "the cat on the mat" = 5 tokens of 6 on each side → P = R = F1 = 5/6.
        var score = Rouge.RougeL(Tokens.Of("the cat sat on the mat"), Tokens.Copied("the cat was on the mat"));

        AssertScore(5.0 / 6, 5.0 / 6, 5.0 / 6, score);
    }

    [Fact]
    public void Rouge1_clips_candidate_counts_at_the_reference_counts()
    {
        // cand "the" ×3, ref "the" ×1: overlap = min(3, 1) = 1 → P = 1/3, R = 1/2,
        // F1 = 2·(1/3)(1/2) / (1/3 + 1/2) = (1/3) / (5/6) = 2/5.
        var score = Rouge.Rouge1(Tokens.Of("the the the"), Tokens.Of("the cat"));

        AssertScore(1.0 / 3, 1.0 / 2, 0.4, score);
    }

    [Fact]
    public void Rouge2_clips_repeated_bigrams()
    {
        // cand bigrams "a a" ×3 (of 3); ref "a a" ×2, "a b" ×1 (of 3): overlap = min(3, 2) = 2
        // → P = R = F1 = 2/3.
        var score = Rouge.Rouge2(Tokens.Of("a a a a"), Tokens.Of("a a a b"));

        AssertScore(2.0 / 3, 2.0 / 3, 2.0 / 3, score);
    }

    [Fact]
    public void RougeL_skips_over_gaps_in_both_sequences()
    {
        // Lin (2004): ref "police killed the gunman", cand "police kill the gunman".
        // LCS = "police … the gunman" = 3, skipping "kill"/"killed" → P = R = F1 = 3/4,
        // where ROUGE-2 only sees "the gunman": 1 of 3 bigrams.
        var reference = Tokens.Of("police killed the gunman");

        AssertScore(0.75, 0.75, 0.75, Rouge.RougeL(Tokens.Of("police kill the gunman"), reference));
        AssertScore(1.0 / 3, 1.0 / 3, 1.0 / 3, Rouge.Rouge2(Tokens.Of("police kill the gunman"), reference));

        // cand "the gunman kill police": LCS = "the gunman" = 2 → 2/4; ROUGE-2 is again 1/3 and
        // cannot tell the two candidates apart, ROUGE-L can.
        AssertScore(0.5, 0.5, 0.5, Rouge.RougeL(Tokens.Of("the gunman kill police"), reference));
    }

    [Fact]
    public void RougeL_of_interleaved_sequences_with_different_lengths()
    {
        // cand "a x c y e" (5), ref "a c e z" (4): LCS = "a c e" = 3 → P = 3/5, R = 3/4,
        // F1 = 2·0.6·0.75 / 1.35 = 0.9 / 1.35 = 2/3. No bigram is shared.
        var candidate = Tokens.Of("a x c y e");
        var reference = Tokens.Of("a c e z");

        AssertScore(0.6, 0.75, 2.0 / 3, Rouge.RougeL(candidate, reference));
        AssertScore(0, 0, 0, Rouge.Rouge2(candidate, reference));
    }

    [Fact]
    public void No_shared_token_scores_zero_everywhere()
    {
        var candidate = Tokens.Of("alpha beta gamma");
        var reference = Tokens.Of("delta epsilon zeta eta");

        AssertScore(0, 0, 0, Rouge.Rouge1(candidate, reference));
        AssertScore(0, 0, 0, Rouge.Rouge2(candidate, reference));
        AssertScore(0, 0, 0, Rouge.RougeL(candidate, reference));
    }

    [Fact]
    public void Identical_sequences_score_one_everywhere()
    {
        var candidate = Tokens.Of("we propose a new method for training deep networks");
        var reference = Tokens.Copied("we propose a new method for training deep networks");

        AssertScore(1, 1, 1, Rouge.Rouge1(candidate, reference));
        AssertScore(1, 1, 1, Rouge.Rouge2(candidate, reference));
        AssertScore(1, 1, 1, Rouge.RougeN(candidate, reference, 4));
        AssertScore(1, 1, 1, Rouge.RougeL(candidate, reference));
    }

    [Theory]
    [InlineData("", "a b c")]
    [InlineData("a b c", "")]
    [InlineData("", "")]
    public void An_empty_side_scores_zero_without_nan(string candidate, string reference)
    {
        var c = Tokens.Of(candidate);
        var r = Tokens.Of(reference);

        AssertScore(0, 0, 0, Rouge.Rouge1(c, r));
        AssertScore(0, 0, 0, Rouge.Rouge2(c, r));
        AssertScore(0, 0, 0, Rouge.RougeN(c, r, 3));
        AssertScore(0, 0, 0, Rouge.RougeL(c, r));
    }

    [Theory]
    [InlineData("a b", "a b", 3)]
    [InlineData("a b c", "a b", 3)]
    [InlineData("a", "a b c", 2)]
    public void N_longer_than_a_side_scores_zero(string candidate, string reference, int n)
    {
        AssertScore(0, 0, 0, Rouge.RougeN(Tokens.Of(candidate), Tokens.Of(reference), n));
    }

    [Fact]
    public void RougeN_rejects_n_below_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rouge.RougeN(Tokens.Of("a"), Tokens.Of("a"), 0));
    }

    [Fact]
    public void Rouge1_and_Rouge2_are_RougeN_with_n_one_and_two()
    {
        var candidate = Tokens.Of("a b a c b a");
        var reference = Tokens.Of("b a c a b b c");

        Assert.Equal(Rouge.RougeN(candidate, reference, 1), Rouge.Rouge1(candidate, reference));
        Assert.Equal(Rouge.RougeN(candidate, reference, 2), Rouge.Rouge2(candidate, reference));
    }

    [Theory]
    [InlineData("the cat sat on the mat", "the cat was on the mat")]
    [InlineData("the the the", "the cat")]
    [InlineData("a x c y e", "a c e z")]
    [InlineData("one two three four five", "five four")]
    public void Swapping_candidate_and_reference_swaps_precision_and_recall(string candidate, string reference)
    {
        var c = Tokens.Of(candidate);
        var r = Tokens.Of(reference);
        foreach (var metric in new Func<string[], string[], RougeScore>[] { (x, y) => Rouge.Rouge1(x, y), (x, y) => Rouge.Rouge2(x, y), (x, y) => Rouge.RougeL(x, y) })
        {
            var forward = metric(c, r);
            var backward = metric(r, c);

            Assert.Equal(forward.Precision, backward.Recall, Exact);
            Assert.Equal(forward.Recall, backward.Precision, Exact);
            Assert.Equal(forward.F1, backward.F1, Exact);
        }
    }

    [Fact]
    public void Tokens_sharing_length_and_both_ends_are_still_told_apart()
    {
        // The metrics hash a token by its length and five characters (first two, middle, last
        // two); these pairs differ only elsewhere, so they share a hash and only the equality
        // check after every hash match separates them. Expected values are those of distinct tokens.
        AssertScore(0, 0, 0, Rouge.Rouge1(["generalization"], ["generalisation"]));
        AssertScore(0, 0, 0, Rouge.RougeL(["generalization", "specialization"], ["generalisation", "specialisation"]));

        // cand "generalization generalisation x" vs ref "generalisation x": unigrams 2 of 3 / 2 of 2
        // → F1 = 2·(2/3)·1 / (5/3) = 0.8; bigram "generalisation x" 1 of 2 / 1 of 1 → F1 = 2/3.
        string[] candidate = ["generalization", "generalisation", "x"];
        string[] reference = ["generalisation", "x"];
        AssertScore(2.0 / 3, 1, 0.8, Rouge.Rouge1(candidate, reference));
        AssertScore(0.5, 1, 2.0 / 3, Rouge.Rouge2(candidate, reference));
        AssertScore(0, 0, 0, Rouge.Rouge2(["generalization", "x"], ["generalisation", "x"]));
        Assert.Equal(100, NovelNgrams.Percent(["generalization"], ["generalisation", "specialisation"], 1));

        // Both on the candidate side: cand "generalization generalisation", ref "generalisation
        // generalisation generalization" → overlap = min(1,2) + min(1,1) = 2 → P = 2/2, R = 2/3, F1 = 0.8.
        AssertScore(1, 2.0 / 3, 0.8, Rouge.Rouge1(["generalization", "generalisation"], ["generalisation", "generalisation", "generalization"]));
    }

    [Fact]
    public void Agrees_with_a_naive_implementation_on_random_sequences()
    {
        var random = new Random(20_200_501);
        var checkedPairs = 0;
        foreach (var (candidate, reference) in RandomPairs(random))
        {
            for (var n = 1; n <= 4; n++)
            {
                AssertSame(NaiveRouge.RougeN(candidate, reference, n), Rouge.RougeN(candidate, reference, n), $"ROUGE-{n}", candidate, reference);
            }

            AssertSame(NaiveRouge.RougeL(candidate, reference), Rouge.RougeL(candidate, reference), "ROUGE-L", candidate, reference);
            checkedPairs++;
        }

        Assert.Equal(400, checkedPairs);
    }

    [Fact]
    public void Agrees_with_a_naive_implementation_on_long_sequences()
    {
        // Both sides longer than one 64-bit word, so ROUGE-L takes the rolling-row path.
        var random = new Random(7);
        for (var trial = 0; trial < 4; trial++)
        {
            var candidate = RandomTokens(random, 300 + random.Next(400), 12);
            var reference = RandomTokens(random, 700 + random.Next(900), 12);

            AssertSame(NaiveRouge.RougeN(candidate, reference, 1), Rouge.Rouge1(candidate, reference), "ROUGE-1", candidate, reference);
            AssertSame(NaiveRouge.RougeN(candidate, reference, 3), Rouge.RougeN(candidate, reference, 3), "ROUGE-3", candidate, reference);
            AssertSame(NaiveRouge.RougeL(candidate, reference), Rouge.RougeL(candidate, reference), "ROUGE-L", candidate, reference);
        }
    }

    /// <summary>
    /// 400 pairs from small vocabularies (so n-grams repeat and clip): TLDR-vs-abstract shapes,
    /// sentence-sized pairs, and pairs whose shorter side exceeds 64 tokens.
    /// </summary>
    internal static IEnumerable<(string[] Candidate, string[] Reference)> RandomPairs(Random random)
    {
        for (var i = 0; i < 400; i++)
        {
            var vocabulary = 2 + random.Next(25);
            var (candidateLength, referenceLength) = (i % 4) switch
            {
                0 => (random.Next(0, 30), random.Next(0, 200)),
                1 => (random.Next(0, 12), random.Next(0, 12)),
                2 => (random.Next(60, 140), random.Next(60, 140)),
                _ => (random.Next(0, 200), random.Next(0, 30)),
            };

            yield return (RandomTokens(random, candidateLength, vocabulary), RandomTokens(random, referenceLength, vocabulary));
        }
    }

    internal static string[] RandomTokens(Random random, int length, int vocabulary)
    {
        var tokens = new string[length];
        for (var i = 0; i < length; i++)
        {
            // A new string each time: equal tokens are never the same object.
            tokens[i] = string.Concat("w", random.Next(vocabulary).ToString());
        }

        return tokens;
    }

    private static void AssertScore(double precision, double recall, double f1, RougeScore actual)
    {
        Assert.Equal(precision, actual.Precision, Exact);
        Assert.Equal(recall, actual.Recall, Exact);
        Assert.Equal(f1, actual.F1, Exact);
    }

    private static void AssertSame((double P, double R, double F) expected, RougeScore actual, string metric, string[] candidate, string[] reference)
    {
        var context = $"{metric} of [{string.Join(' ', candidate)}] vs [{string.Join(' ', reference)}]";
        Assert.True(Math.Abs(expected.P - actual.Precision) <= Exact, $"{context}: P {actual.Precision} expected {expected.P}");
        Assert.True(Math.Abs(expected.R - actual.Recall) <= Exact, $"{context}: R {actual.Recall} expected {expected.R}");
        Assert.True(Math.Abs(expected.F - actual.F1) <= Exact, $"{context}: F1 {actual.F1} expected {expected.F}");
    }
}
