using Lepton.Zoo.Recommendation;

namespace Lepton.Zoo.Tests.Recommendation;

public sealed class RankingMetricsTests
{
    [Fact]
    public void Hit_rate_and_ndcg_at_10_of_hand_made_ranks()
    {
        int[] ranks = [0, 3, 9, 10, 50];
        Assert.Equal(3 / 5.0, RankingMetrics.HitRate(ranks), 10);
        Assert.Equal((1 + 1 / Math.Log2(5) + 1 / Math.Log2(11)) / 5, RankingMetrics.Ndcg(ranks), 10);
        Assert.Equal(1.0, RankingMetrics.Ndcg([0, 0]), 10);
        Assert.Equal(0.0, RankingMetrics.HitRate([10, 99]), 10);
        Assert.Equal(0.5, RankingMetrics.HitRate([0, 1], k: 1), 10);
    }

    [Fact]
    public void A_rank_counts_the_negatives_scored_at_least_as_high_so_ties_count_against()
    {
        Assert.Equal(0, RankingMetrics.Rank(5, [1, 2, 3]));
        Assert.Equal(2, RankingMetrics.Rank(2, [1, 2, 3]));
        Assert.Equal(3, RankingMetrics.Rank(1, [1, 1, 1]));
    }

    [Fact]
    public void Ranking_draws_seeded_unrated_negatives_and_scores_a_perfect_and_a_constant_model()
    {
        var all = SyntheticRatings.Generate(users: 50, items: 150, perUser: 20, seed: 4);
        var (train, test) = all.SplitLeaveOneOut();
        var (users, items) = RankingMetrics.Candidates(all, test, 99, seed: 5);
        var rated = all.ItemsByUser();
        Assert.Equal(test.Count * 100, users.Length);
        for (var t = 0; t < test.Count; t++)
        {
            Assert.Equal(test.Items[t], items[t * 100]);
            var negatives = items.AsSpan(t * 100 + 1, 99).ToArray();
            Assert.Equal(99, negatives.Distinct().Count());
            Assert.All(negatives, i => Assert.DoesNotContain(i, rated[test.Users[t]]));
        }
        Assert.Equal(items, RankingMetrics.Candidates(all, test, 99, seed: 5).Items);

        var held = Enumerable.Range(0, test.Count).ToDictionary(t => (test.Users[t], test.Items[t]));
        var perfect = RankingMetrics.Ranks((u, i) => [.. u.Select((user, n) => held.ContainsKey((user, i[n])) ? 1f : 0f)], all, test);
        Assert.Equal(1.0, RankingMetrics.HitRate(perfect));
        Assert.Equal(1.0, RankingMetrics.Ndcg(perfect));
        var constant = RankingMetrics.Ranks((u, _) => new float[u.Count], all, test);
        Assert.Equal(0.0, RankingMetrics.HitRate(constant));
    }
}
