using SciTldr.Domain.Metrics;

namespace SciTldr.Domain.Tests.Metrics;

/// <summary>
/// The metrics remember the last (candidate, reference) pair per thread, by the identity of its
/// token objects. Whatever the order of calls, every result must equal a fresh computation.
/// </summary>
public sealed class AlignmentReuseTests
{
    private const double Exact = 1e-12;

    [Fact]
    public void Replacing_a_token_in_the_same_array_is_noticed()
    {
        var candidate = Tokens.Of("the cat sat");
        var reference = Tokens.Of("the cat sat on the mat");
        Assert.Equal(1, Rouge.Rouge1(candidate, reference).Precision);

        // Same arrays, one element now another string: "sat" is gone from the reference.
        reference[2] = "stood";
        Assert.Equal(2.0 / 3, Rouge.Rouge1(candidate, reference).Precision, Exact);

        candidate[0] = "a";
        Assert.Equal(1.0 / 3, Rouge.Rouge1(candidate, reference).Precision, Exact);
        Assert.Equal(200.0 / 3, NovelNgrams.Percent(candidate, reference, 1)!.Value, Exact);
    }

    [Fact]
    public void A_shorter_view_of_the_same_tokens_is_a_different_reference()
    {
        var candidate = Tokens.Of("on the mat");
        var reference = Tokens.Of("the cat sat on the mat");

        Assert.Equal(1, Rouge.Rouge1(candidate, reference).Precision);
        Assert.Equal(1.0 / 3, Rouge.Rouge1(candidate, reference.AsSpan(0, 3)).Precision, Exact);
        Assert.Equal(0, Rouge.Rouge2(candidate, reference.AsSpan(0, 3)).F1);
        Assert.Equal(1, Rouge.Rouge2(candidate, reference.AsSpan(3)).F1);
    }

    [Fact]
    public void Several_tldrs_of_one_abstract_each_score_as_if_alone()
    {
        var random = new Random(619);
        var abstractTokens = RougeTests.RandomTokens(random, 150, 30);
        for (var trial = 0; trial < 50; trial++)
        {
            // Alternate new candidates against the same abstract object with the same candidate
            // against new abstracts, interleaving every metric.
            var candidate = RougeTests.RandomTokens(random, 1 + random.Next(40), 30);
            var otherAbstract = RougeTests.RandomTokens(random, random.Next(200), 30);
            foreach (var reference in new[] { abstractTokens, otherAbstract, abstractTokens })
            {
                AssertAllMetricsFresh(candidate, reference);
            }
        }
    }

    [Fact]
    public void Oracle_then_rouge_over_the_same_sentence_tokens_agree_with_fresh_tokens()
    {
        string[][] sentences = [Tokens.Of("we train a model ."), Tokens.Of("the model is fast ."), Tokens.Of("it beats the baseline .")];
        var abstractTokens = sentences.SelectMany(s => s).ToArray();
        var summary = Tokens.Of("a model that beats the baseline");

        var match = Oracle.BestSentence(summary, sentences);
        var afterOracle = Rouge.Rouge1(summary, abstractTokens);
        var fresh = Rouge.Rouge1(Tokens.Copied("a model that beats the baseline"), Tokens.Copied(string.Join(' ', abstractTokens)));

        // Summary of 6 tokens; sentences of 5 share {a, model}, {the, model}, {beats, the, baseline}:
        // F1 = 2·overlap / (6 + 5) = 4/11, 4/11, 6/11 → the last sentence.
        Assert.Equal(2, match!.Value.SentenceIndex);
        Assert.Equal(6.0 / 11, match.Value.Score, Exact);
        Assert.Equal(fresh, afterOracle);
        Assert.Equal(match, Oracle.BestSentence(Tokens.Copied(string.Join(' ', summary)), sentences));
    }

    [Fact]
    public void A_call_cut_short_leaves_nothing_to_reuse()
    {
        // Tokens are never null by contract; if one is, the call fails, and so does the same call
        // again, rather than the second one reusing a half-built alignment.
        string[] candidate = ["a", null!, "c"];
        var reference = Tokens.Of("a b c");

        Assert.ThrowsAny<Exception>(() => Rouge.Rouge1(candidate, reference));
        Assert.ThrowsAny<Exception>(() => Rouge.Rouge1(candidate, reference));
        Assert.Equal(1, Rouge.Rouge1(Tokens.Of("a b c"), reference).F1);
    }

    [Fact]
    public void Threads_computing_at_once_each_get_their_own_results()
    {
        var pairs = RougeTests.RandomPairs(new Random(42)).ToArray();
        var failures = 0;
        Parallel.For(0, pairs.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var (candidate, reference) = pairs[i % pairs.Length];
            var expected = NaiveRouge.RougeN(candidate, reference, 2);
            var actual = Rouge.Rouge2(candidate, reference);
            if (Math.Abs(expected.F - actual.F1) > Exact || Math.Abs(NaiveRouge.RougeL(candidate, reference).F - Rouge.RougeL(candidate, reference).F1) > Exact)
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    private static void AssertAllMetricsFresh(string[] candidate, string[] reference)
    {
        for (var n = 1; n <= 3; n++)
        {
            var expected = NaiveRouge.RougeN(candidate, reference, n);
            var actual = Rouge.RougeN(candidate, reference, n);
            Assert.Equal(expected.F, actual.F1, Exact);
            Assert.Equal(expected.P, actual.Precision, Exact);

            var novel = NovelNgrams.Percent(candidate, reference, n);
            Assert.Equal(NaiveRouge.NovelPercent(candidate, reference, n) ?? -1, novel ?? -1, Exact);
        }

        Assert.Equal(NaiveRouge.RougeL(candidate, reference).F, Rouge.RougeL(candidate, reference).F1, Exact);
    }
}
