namespace Lepton.Tracking.Stores;

/// <summary>One versioned schema change: its number, name and SQL for one database kind.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>The migrations embedded for a dialect folder (<c>Sqlite</c>, <c>Postgres</c>), in version order.</summary>
    public static IReadOnlyList<Migration> Load(string dialect)
    {
        var assembly = typeof(Migration).Assembly;
        var prefix = $"Lepton.Tracking.Migrations.{dialect}.";
        var found = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            // The logical name keeps the folder separator of %(RecursiveDir): Sqlite/001_runs.sql.
            var name = resource.Replace('/', '.').Replace('\\', '.');
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var file = name[prefix.Length..^".sql".Length];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(file[..underscore], System.Globalization.CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            found.Add(new Migration(version, file[(underscore + 1)..], reader.ReadToEnd()));
        }

        if (found.Count == 0) throw new InvalidOperationException($"No {dialect} migrations are embedded in {assembly.GetName().Name}.");
        found.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < found.Count; i++)
        {
            if (found[i].Version != i + 1) throw new InvalidOperationException($"Migrations for {dialect} skip from {i} to {found[i].Version}.");
        }

        return found;
    }
}
