using Npgsql;

namespace Lepton.Tracking.Stores;

/// <summary>The metadata store on a PostgreSQL server, for teams sharing one tracking database.</summary>
public sealed class PostgresMetadataStore : SqlMetadataStore
{
    private const int AutoPrepared = 64;

    private PostgresMetadataStore(NpgsqlDataSource dataSource, string description)
        : base(new PostgresDialect(dataSource), description)
    {
    }

    /// <summary>
    /// Connects with an Npgsql connection string (<c>Host=…;Database=…;Username=…</c>) or a
    /// <c>postgresql://user:password@host:port/database</c> URI and brings the schema up to date (or up to
    /// <paramref name="schemaVersion"/>).
    /// </summary>
    public static async Task<PostgresMetadataStore> OpenAsync(string connection, int? schemaVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        var builder = PostgresConnection.Parse(connection);
        // Statements that run again and again (a study's writes and reads) are prepared once per connection, so the
        // server plans them once, unless the connection string says how many to keep.
        if (!connection.Contains("prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = AutoPrepared;
        var description = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
        var store = new PostgresMetadataStore(NpgsqlDataSource.Create(builder), description);
        try
        {
            await store.MigrateAsync(schemaVersion, cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new TrackingException(TrackingErrorKind.Unavailable, $"Cannot use the tracking database {description}: {e.Message}", e);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
