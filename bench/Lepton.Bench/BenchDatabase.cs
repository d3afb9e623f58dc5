using Npgsql;

namespace Lepton.Bench;

/// <summary>Throwaway databases for the store benchmarks.</summary>
internal static class BenchDatabase
{
    /// <summary>Creates a new, empty PostgreSQL database on <paramref name="server"/> and returns its connection string.</summary>
    public static string CreatePostgres(string server)
    {
        var name = $"lepton_bench_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }
}
