namespace Lepton.Data.Pipelines.Steps;

/// <summary>The distinct non-missing values of a column in the training data, as text, in ordinal order.</summary>
internal static class Categories
{
    public static string[] Of(WorkingTable train, string column) =>
        train.Rows($"SELECT DISTINCT CAST({Tables.Sql.Name(column)} AS VARCHAR) AS v FROM {WorkingTable.Name} WHERE {Tables.Sql.Name(column)} IS NOT NULL ORDER BY v")
            .Select(r => (string)r[0]!).ToArray();

    public static string Text(string column) => $"CAST({Tables.Sql.Name(column)} AS VARCHAR)";

    /// <summary>Rows whose value is present but not one of the categories.</summary>
    public static long Unseen(WorkingTable table, string column, string[] categories) =>
        table.Count($"{Tables.Sql.Name(column)} IS NOT NULL AND NOT list_contains({Tables.Sql.List(categories)}::VARCHAR[], {Text(column)})");
}
