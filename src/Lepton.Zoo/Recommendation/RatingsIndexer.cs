namespace Lepton.Zoo.Recommendation;

/// <summary>Turns ratings keyed by raw ids into <see cref="Ratings"/> with dense indices in the ids' ordinal order.</summary>
internal static class RatingsIndexer
{
    public static Ratings Create(IReadOnlyList<string> users, IReadOnlyList<string> items, float[] values, long[]? timestamps, IReadOnlyDictionary<string, string>? titles)
    {
        var userIds = users.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var itemIds = items.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var userIndex = Index(userIds);
        var itemIndex = Index(itemIds);
        var itemTitles = itemIds.Select(id => titles is not null && titles.TryGetValue(id, out var title) ? title : null).ToArray();
        return new Ratings([.. users.Select(u => userIndex[u])], [.. items.Select(i => itemIndex[i])], values, timestamps, userIds, itemIds, itemTitles);
    }

    private static Dictionary<string, int> Index(string[] ids)
    {
        var index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++) index[ids[i]] = i;
        return index;
    }
}
