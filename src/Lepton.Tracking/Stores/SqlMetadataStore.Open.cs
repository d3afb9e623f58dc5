namespace Lepton.Tracking.Stores;

public abstract partial class SqlMetadataStore
{
    /// <summary>
    /// Opens the SQLite file or PostgreSQL database <paramref name="settings"/> names, bringing its schema up to date;
    /// a tracking server's address is Invalid (what needs the database itself, such as studies, cannot go through one).
    /// </summary>
    public static async Task<SqlMetadataStore> OpenAsync(TrackingSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Kind switch
        {
            StoreKind.Postgres => await PostgresMetadataStore.OpenAsync(settings.TrackingUri, cancellationToken: cancellationToken).ConfigureAwait(false),
            StoreKind.Sqlite => await SqliteMetadataStore.OpenAsync(TrackingSettings.SqlitePath(settings.TrackingUri), cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => throw TrackingException.Invalid(
                $"The tracking URI '{settings.TrackingUri}' is a tracking server; this needs the database itself: set {TrackingSettings.UriVariable} to a sqlite:/// file or a postgresql:// address."),
        };
    }
}
