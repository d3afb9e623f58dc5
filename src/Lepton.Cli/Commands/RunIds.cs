using Lepton.Tracking;

namespace Lepton.Cli.Commands;

/// <summary>Run ids as people type them: a unique prefix is enough (as with git commits); lists print the shortest unique one.</summary>
internal static class RunIds
{
    public const int MinimumPrefix = 4;
    public const int ShortLength = 8;
    private const int FullLength = 32;

    /// <summary>The run whose id is, or starts with, <paramref name="idOrPrefix"/>: NotFound when none, a clear error when several.</summary>
    public static async Task<Run> ResolveAsync(TrackingClient client, string idOrPrefix, CancellationToken cancellationToken)
    {
        var prefix = idOrPrefix.Trim().ToLowerInvariant();
        if (prefix.Length < MinimumPrefix || prefix.Length > FullLength || !prefix.All(char.IsAsciiHexDigit))
            throw new CliException($"'{idOrPrefix}' is not a run id: give the 32 hexadecimal digits of an id or at least its first {MinimumPrefix} (`lepton runs list` shows them).");
        if (prefix.Length == FullLength) return await client.Store.GetRunAsync(prefix, cancellationToken).ConfigureAwait(false);

        // Hexadecimal digits hold neither '%' nor '_', so the prefix is safe inside LIKE.
        var matches = await client.Store.SearchRunsAsync(new RunQuery(Filter: $"run_id LIKE '{prefix}%'", OrderBy: "run_id", MaxResults: 10), cancellationToken).ConfigureAwait(false);
        return matches.Count switch
        {
            0 => throw new TrackingException(TrackingErrorKind.NotFound, $"There is no run whose id starts with '{prefix}' in {client.Store.Description}; `lepton runs list` shows the runs there are."),
            1 => await client.Store.GetRunAsync(matches[0].Info.RunId, cancellationToken).ConfigureAwait(false),
            _ => throw new CliException($"The run id prefix '{prefix}' is ambiguous: it matches {(matches.Count == 10 ? "10 or more runs" : $"{matches.Count} runs")} ({string.Join(", ", matches.Take(5).Select(m => $"{m.Info.RunId} {m.Info.Name}"))}{(matches.Count > 5 ? ", …" : "")}). Give more digits."),
        };
    }

    /// <summary>
    /// For each id, its shortest prefix (at least <see cref="ShortLength"/> digits) that no other id in
    /// <paramref name="ids"/> shares. Run ids start with their creation time, so runs made within a minute of each
    /// other need more than eight digits.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ShortForms(IReadOnlyCollection<string> ids)
    {
        var sorted = ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < sorted.Length; i++)
        {
            var length = ShortLength;
            if (i > 0) length = Math.Max(length, CommonPrefix(sorted[i], sorted[i - 1]) + 1);
            if (i + 1 < sorted.Length) length = Math.Max(length, CommonPrefix(sorted[i], sorted[i + 1]) + 1);
            result[sorted[i]] = sorted[i][..Math.Min(length, sorted[i].Length)];
        }

        return result;
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }
}
