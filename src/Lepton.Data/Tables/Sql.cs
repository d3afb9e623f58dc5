using System.Globalization;

namespace Lepton.Data.Tables;

/// <summary>Quoting for the SQL Lepton generates, so file paths and column names never break a query.</summary>
internal static class Sql
{
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Name(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "NULL";

    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Literal)) + "]";

    /// <summary>The storage type a column of this kind gets, or null to keep the one the engine chose.</summary>
    public static string? StorageFor(ColumnKind kind) => kind switch
    {
        ColumnKind.Integer => "BIGINT",
        ColumnKind.Float => "DOUBLE",
        ColumnKind.Boolean => "BOOLEAN",
        ColumnKind.DateTime => "TIMESTAMP",
        ColumnKind.Categorical or ColumnKind.Text => "VARCHAR",
        _ => null,
    };
}
