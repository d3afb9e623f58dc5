using System.Globalization;
using Lepton.Data;
using static TorchSharp.torch;

namespace Lepton.Zoo.Recommendation;

/// <summary>
/// Ratings of items by users — (user, item, rating[, timestamp]) — with the users' and items' ids mapped to dense
/// indices (0, 1, …) that embeddings take. Users and items are indexed in the ordinal (byte) order of their ids, the
/// order a table pipeline's <c>Ordinal</c> step gives them, so a served model can map a raw user id the same way.
/// </summary>
public sealed class Ratings
{
    private readonly int[] _users;
    private readonly int[] _items;
    private readonly float[] _values;
    private readonly long[]? _timestamps;

    internal Ratings(int[] users, int[] items, float[] values, long[]? timestamps, string[] userIds, string[] itemIds, string?[] itemTitles)
    {
        _users = users;
        _items = items;
        _values = values;
        _timestamps = timestamps;
        UserIds = userIds;
        ItemIds = itemIds;
        ItemTitles = itemTitles;
    }

    /// <summary>How many ratings there are.</summary>
    public int Count => _values.Length;

    /// <summary>The dense index of each rating's user.</summary>
    public IReadOnlyList<int> Users => _users;

    /// <summary>The dense index of each rating's item.</summary>
    public IReadOnlyList<int> Items => _items;

    /// <summary>Each rating's value.</summary>
    public IReadOnlyList<float> Values => _values;

    /// <summary>When each rating was given (any increasing clock, e.g. Unix seconds), or null when the data has none.</summary>
    public IReadOnlyList<long>? Timestamps => _timestamps;

    /// <summary>The raw user ids, by dense index; shared by every split of the same data.</summary>
    public IReadOnlyList<string> UserIds { get; }

    /// <summary>The raw item ids, by dense index.</summary>
    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>The items' titles, by dense index; null where the data has none.</summary>
    public IReadOnlyList<string?> ItemTitles { get; }

    /// <summary>The number of users (of the whole data, not only those rating in this part).</summary>
    public int UserCount => UserIds.Count;

    /// <summary>The number of items (of the whole data).</summary>
    public int ItemCount => ItemIds.Count;

    /// <summary>The mean rating.</summary>
    public double Mean => _values.Length == 0 ? 0 : _values.Average(v => (double)v);

    /// <summary>An item's title when the data has one, else its id: what a served model answers.</summary>
    public string ItemLabel(int item) => ItemTitles[item] ?? ItemIds[item];

    /// <summary>
    /// Reads ratings from a CSV file with a header naming its columns: the user (<c>userId</c>, <c>user_id</c> or
    /// <c>user</c>), the item (<c>movieId</c>, <c>itemId</c>, <c>item_id</c> or <c>item</c>), <c>rating</c>, and
    /// optionally <c>timestamp</c> and <c>title</c> (dslabs' movielens table has them all). Quoted fields may hold commas.
    /// </summary>
    /// <exception cref="InvalidDataException">A column is missing or a row is malformed; the message names the file, line and column.</exception>
    public static Ratings ReadCsv(string path) => RatingsCsv.Read(path);

    /// <summary>
    /// A seeded random split holding out <paramref name="testFraction"/> of the ratings. A rating is held out only when
    /// its user and its item keep a rating in the training part, so the test part has no user or item training never saw.
    /// </summary>
    public (Ratings Train, Ratings Test) SplitRandom(double testFraction = 0.2, int seed = 1)
    {
        if (!(testFraction > 0 && testFraction < 1)) throw new ArgumentOutOfRangeException(nameof(testFraction), $"The test fraction must lie strictly between 0 and 1, not {testFraction}.");
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        var userLeft = Counts(_users, UserCount);
        var itemLeft = Counts(_items, ItemCount);
        var target = (int)Math.Round(Count * testFraction);
        var test = new List<int>(target);
        foreach (var row in order)
        {
            if (test.Count == target) break;
            var (u, i) = (_users[row], _items[row]);
            if (userLeft[u] < 2 || itemLeft[i] < 2) continue;
            userLeft[u]--;
            itemLeft[i]--;
            test.Add(row);
        }
        return Partition(test);
    }

    /// <summary>
    /// The leave-one-out split of ranking studies (He et al. 2017): each user's latest rating is held out (by timestamp,
    /// the later row on a tie or without timestamps); users with a single rating keep it for training.
    /// </summary>
    public (Ratings Train, Ratings Test) SplitLeaveOneOut()
    {
        var latest = new int[UserCount];
        var counts = new int[UserCount];
        Array.Fill(latest, -1);
        for (var row = 0; row < Count; row++)
        {
            var u = _users[row];
            counts[u]++;
            if (latest[u] < 0 || _timestamps is null || _timestamps[row] >= _timestamps[latest[u]]) latest[u] = row;
        }
        return Partition(Enumerable.Range(0, UserCount).Where(u => counts[u] > 1).Select(u => latest[u]).Order().ToList());
    }

    /// <summary>The set of items each user rated, by user index.</summary>
    public IReadOnlyList<IReadOnlySet<int>> ItemsByUser()
    {
        var sets = Enumerable.Range(0, UserCount).Select(_ => new HashSet<int>()).ToArray();
        for (var row = 0; row < Count; row++) sets[_users[row]].Add(_items[row]);
        return sets;
    }

    /// <summary>The ratings as a dataset for <c>Fit</c>: input (user index, item index), target the rating.</summary>
    public TensorDataset ToDataset()
    {
        var pairs = new float[Count * 2];
        for (var row = 0; row < Count; row++)
        {
            pairs[2 * row] = _users[row];
            pairs[2 * row + 1] = _items[row];
        }
        return new TensorDataset(tensor(pairs, [Count, 2]), tensor(_values, [Count, 1]));
    }

    /// <summary>Writes the ratings as <c>user,item,rating[,timestamp]</c> with dense indices, for a peer to read the same split.</summary>
    public void WriteCsv(string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(_timestamps is null ? "user,item,rating" : "user,item,rating,timestamp");
        for (var row = 0; row < Count; row++)
        {
            var line = $"{_users[row]},{_items[row]},{_values[row].ToString("R", CultureInfo.InvariantCulture)}";
            writer.WriteLine(_timestamps is null ? line : $"{line},{_timestamps[row]}");
        }
    }

    private (Ratings, Ratings) Partition(List<int> heldOut)
    {
        var held = new bool[Count];
        foreach (var row in heldOut) held[row] = true;
        var kept = Enumerable.Range(0, Count).Where(r => !held[r]).ToArray();
        return (Take(kept), Take([.. heldOut.Order()]));
    }

    private Ratings Take(int[] rows) => new(
        [.. rows.Select(r => _users[r])], [.. rows.Select(r => _items[r])], [.. rows.Select(r => _values[r])],
        _timestamps is null ? null : [.. rows.Select(r => _timestamps[r])], (string[])UserIds, (string[])ItemIds, (string?[])ItemTitles);

    private static int[] Counts(int[] indices, int size)
    {
        var counts = new int[size];
        foreach (var i in indices) counts[i]++;
        return counts;
    }
}
