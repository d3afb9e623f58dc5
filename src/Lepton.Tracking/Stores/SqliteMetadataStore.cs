namespace Lepton.Tracking.Stores;

/// <summary>The metadata store in one SQLite file: zero setup, the default under <c>LEPTON_HOME</c>.</summary>
public sealed class SqliteMetadataStore : SqlMetadataStore
{
    private SqliteMetadataStore(string path)
        : base(new SqliteDialect(path), path)
    {
        Path = path;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    // Parameters, tags and dataset names can be confidential: a new database is its owner's alone (0600), and
    // SQLite gives its WAL and shared-memory files the database's mode.
    private static void CreatePrivately(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path)) return;
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
    }

    /// <summary>
    /// Opens (creating when absent) the database at <paramref name="path"/> and brings its schema up to date, or
    /// up to <paramref name="schemaVersion"/> when given.
    /// </summary>
    public static async Task<SqliteMetadataStore> OpenAsync(string path, int? schemaVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        CreatePrivately(full);
        var store = new SqliteMetadataStore(full);
        try
        {
            await store.MigrateAsync(schemaVersion, cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new TrackingException(TrackingErrorKind.Unavailable, $"Cannot open the tracking database {full}: {e.Message}", e);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
