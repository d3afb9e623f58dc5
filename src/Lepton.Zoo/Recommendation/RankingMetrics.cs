namespace Lepton.Zoo.Recommendation;

/// <summary>
/// Hit ratio and NDCG at k under the protocol of He et al. 2017: each user's held-out item is ranked among sampled
/// items the user never rated, and the figures average over users. A rank is 0 for the top; ties count against the
/// held-out item, so a model that scores everything alike earns nothing.
/// </summary>
public static class RankingMetrics
{
    /// <summary>The fraction of ranks below <paramref name="k"/>: how often the held-out item is in the top k.</summary>
    public static double HitRate(IReadOnlyList<int> ranks, int k = 10)
    {
        Check(ranks, k);
        return ranks.Count(r => r < k) / (double)ranks.Count;
    }

    /// <summary>The mean of 1 / log2(rank + 2) over ranks below <paramref name="k"/> (0 beyond): a hit near the top counts more.</summary>
    public static double Ndcg(IReadOnlyList<int> ranks, int k = 10)
    {
        Check(ranks, k);
        return ranks.Sum(r => r < k ? 1 / Math.Log2(r + 2) : 0) / ranks.Count;
    }

    /// <summary>The rank of a held-out item scored <paramref name="positive"/> among <paramref name="negatives"/>: how many score at least as high.</summary>
    public static int Rank(float positive, ReadOnlySpan<float> negatives)
    {
        var rank = 0;
        foreach (var score in negatives) if (score >= positive) rank++;
        return rank;
    }

    /// <summary>
    /// Ranks each held-out rating of <paramref name="test"/> (one per user, as <see cref="Ratings.SplitLeaveOneOut"/> gives)
    /// among <paramref name="negatives"/> items drawn, seeded, from those the user rated nowhere in <paramref name="all"/>.
    /// </summary>
    /// <param name="score">Scores pairs (user indices, item indices); higher is better.</param>
    /// <param name="all">Every rating, training and test, so no rated item is drawn as a negative.</param>
    /// <param name="test">The held-out ratings.</param>
    /// <param name="negatives">Items drawn per held-out rating (the protocol's 99).</param>
    /// <param name="seed">Seeds the drawing, so every model is ranked against the same items.</param>
    /// <returns>The rank of each held-out item, in <paramref name="test"/>'s order.</returns>
    public static int[] Ranks(Func<IReadOnlyList<int>, IReadOnlyList<int>, float[]> score, Ratings all, Ratings test, int negatives = 99, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(test);
        var (users, items) = Candidates(all, test, negatives, seed);
        var scores = score(users, items);
        if (scores.Length != users.Length) throw new InvalidOperationException($"The scorer gave {scores.Length} scores for {users.Length} pairs.");
        var group = negatives + 1;
        return [.. Enumerable.Range(0, test.Count).Select(t => Rank(scores[t * group], scores.AsSpan(t * group + 1, negatives)))];
    }

    /// <summary>For each held-out rating, its (user, item) then <paramref name="negatives"/> (user, unrated item) pairs.</summary>
    internal static (int[] Users, int[] Items) Candidates(Ratings all, Ratings test, int negatives, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(negatives, 1);
        var rated = all.ItemsByUser();
        var random = new Random(seed);
        var group = negatives + 1;
        var users = new int[test.Count * group];
        var items = new int[users.Length];
        for (var t = 0; t < test.Count; t++)
        {
            var user = test.Users[t];
            if (rated[user].Count + negatives > all.ItemCount)
                throw new ArgumentException($"User '{all.UserIds[user]}' rated {rated[user].Count} of {all.ItemCount} items, too many to draw {negatives} unrated ones.", nameof(test));
            users.AsSpan(t * group, group).Fill(user);
            items[t * group] = test.Items[t];
            var drawn = new HashSet<int>();
            while (drawn.Count < negatives)
            {
                var item = random.Next(all.ItemCount);
                if (!rated[user].Contains(item) && drawn.Add(item)) items[t * group + drawn.Count] = item;
            }
        }
        return (users, items);
    }

    private static void Check(IReadOnlyList<int> ranks, int k)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (ranks.Count == 0) throw new ArgumentException("There are no ranks to score.", nameof(ranks));
    }
}
