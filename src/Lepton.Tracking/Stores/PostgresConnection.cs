using System.Globalization;
using Npgsql;

namespace Lepton.Tracking.Stores;

/// <summary>Reads a PostgreSQL address given as a URI or as an Npgsql connection string.</summary>
internal static class PostgresConnection
{
    public static NpgsqlConnectionStringBuilder Parse(string text)
    {
        if (!text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(text);
            }
            catch (ArgumentException e)
            {
                throw TrackingException.Invalid($"Cannot read the PostgreSQL connection string: {e.Message}");
            }
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw TrackingException.Invalid("Cannot read the PostgreSQL address: expected postgresql://user:password@host:port/database.");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try
            {
                builder[key.Replace('_', ' ')] = key.Equals("sslmode", StringComparison.OrdinalIgnoreCase)
                    ? CultureInfo.InvariantCulture.TextInfo.ToTitleCase(value)
                    : value;
            }
            catch (ArgumentException e)
            {
                throw TrackingException.Invalid($"The PostgreSQL address has an option Npgsql does not know: '{key}' ({e.Message}).");
            }
        }

        return builder;
    }
}
