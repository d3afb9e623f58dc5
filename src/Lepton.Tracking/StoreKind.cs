namespace Lepton.Tracking;

/// <summary>The kinds of metadata store a tracking URI can name.</summary>
public enum StoreKind
{
    /// <summary>An embedded SQLite file.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server.</summary>
    Postgres,

    /// <summary>A Lepton tracking server over HTTP.</summary>
    Server,
}
