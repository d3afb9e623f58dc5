using System.Globalization;

namespace Lepton.Zoo.Recommendation;

/// <summary>
/// Seeded ratings from a known low-rank-plus-bias model, for tests and the quick recipe: rating = mean + user bias +
/// item bias + user factors · item factors + noise, clipped to [0.5, 5]. Which items a user rates follows the same
/// taste (items they would like are likelier to be rated), so implicit feedback carries a signal too.
/// </summary>
internal static class SyntheticRatings
{
    public static Ratings Generate(int users = 300, int items = 200, int perUser = 30, int rank = 4, double noise = 0.3, int seed = 1)
    {
        if (perUser > items) throw new ArgumentOutOfRangeException(nameof(perUser), $"A user cannot rate {perUser} of {items} items.");
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var scale = 1 / Math.Sqrt(rank);
        var p = Matrix(users, rank, () => Normal() * scale);
        var q = Matrix(items, rank, () => Normal() * scale);
        var userBias = Enumerable.Range(0, users).Select(_ => Normal() * 0.3).ToArray();
        var itemBias = Enumerable.Range(0, items).Select(_ => Normal() * 0.5).ToArray();
        const double mean = 3.5;

        var userIds = new List<string>();
        var itemIds = new List<string>();
        var values = new List<float>();
        var times = new List<long>();
        for (var u = 0; u < users; u++)
        {
            // Gumbel top-k: perUser items drawn without replacement with odds exp(affinity).
            var chosen = Enumerable.Range(0, items)
                .Select(i => (Item: i, Key: 2 * (Dot(p[u], q[i]) + itemBias[i]) - Math.Log(-Math.Log(1 - random.NextDouble()))))
                .OrderByDescending(x => x.Key).Take(perUser).Select(x => x.Item).ToArray();
            random.Shuffle(chosen);
            var time = 1_000_000_000L + random.Next(1_000_000);
            foreach (var i in chosen)
            {
                var value = mean + userBias[u] + itemBias[i] + Dot(p[u], q[i]) + Normal() * noise;
                userIds.Add((u + 1).ToString(CultureInfo.InvariantCulture));
                itemIds.Add((i + 1).ToString(CultureInfo.InvariantCulture));
                values.Add((float)Math.Clamp(value, 0.5, 5));
                times.Add(time += 1 + random.Next(100_000));
            }
        }
        var titles = Enumerable.Range(1, items).ToDictionary(i => i.ToString(CultureInfo.InvariantCulture), i => $"Item {i}", StringComparer.Ordinal);
        return RatingsIndexer.Create(userIds, itemIds, [.. values], [.. times], titles);
    }

    private static double[][] Matrix(int rows, int columns, Func<double> draw) =>
        Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, columns).Select(_ => draw()).ToArray()).ToArray();

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var k = 0; k < a.Length; k++) sum += a[k] * b[k];
        return sum;
    }
}
