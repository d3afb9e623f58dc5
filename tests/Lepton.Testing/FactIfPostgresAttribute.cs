namespace Lepton.Testing;

/// <summary>A fact that needs a PostgreSQL server (<see cref="PostgresInstall"/>); skipped, saying how to get one, without.</summary>
public sealed class FactIfPostgresAttribute : FactAttribute
{
    /// <summary>Skips the fact when no server is given and none can be started.</summary>
    public FactIfPostgresAttribute() => Skip = PostgresInstall.Missing;
}
