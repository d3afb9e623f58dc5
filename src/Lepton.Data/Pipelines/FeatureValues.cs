using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines;

/// <summary>
/// Reads named numeric columns of an engine's table into one row-major float array, with the checks a feature tensor
/// needs (the column exists, is numeric or boolean, has no missing value). Shared by <see cref="FeatureTensors"/> and
/// the records route, which needs no tensor.
/// </summary>
internal static class FeatureValues
{
    public static float[] Read(DuckSession session, IReadOnlyList<TableColumn> columns, long rowCount, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            var column = columns.FirstOrDefault(c => c.Name == name)
                ?? throw new PipelineException($"The table has no column '{name}' to put in the feature tensor. Its columns: {string.Join(", ", columns.Select(c => c.Name))}.");
            if (!column.IsNumeric && column.Kind != ColumnKind.Boolean)
                throw new PipelineException($"Column '{name}' is {column.Kind}, not numeric: encode it (one-hot, ordinal, target) before making features.");
        }
        var rows = checked((int)rowCount);
        var width = names.Count;
        var data = new float[checked(rows * width)];
        var missing = new long[width];
        var row = 0;
        session.ForEach($"SELECT {string.Join(", ", names.Select(n => $"TRY_CAST({Sql.Name(n)} AS DOUBLE)"))} FROM {Table.StorageName} ORDER BY rowid", reader =>
        {
            for (var j = 0; j < width; j++)
            {
                if (reader.IsDBNull(j)) missing[j]++;
                else data[row * width + j] = (float)reader.GetDouble(j);
            }
            row++;
        });
        for (var j = 0; j < width; j++)
        {
            if (missing[j] > 0)
                throw new PipelineException($"Column '{names[j]}' has {missing[j]} missing values; a feature tensor cannot hold them. Impute it first (Pipeline.Impute).");
        }
        return data;
    }
}
