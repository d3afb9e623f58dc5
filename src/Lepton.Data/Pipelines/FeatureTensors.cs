using Lepton.Data.Tables;
using TorchSharp;

namespace Lepton.Data.Pipelines;

/// <summary>Turns a transformed table into the float tensors <c>Fit</c> and <c>Predict</c> take.</summary>
public static class FeatureTensors
{
    static FeatureTensors() => NativeInitializer.Run();

    /// <summary>
    /// The named numeric columns (all numeric and boolean columns when none are named) as a float32 tensor of
    /// shape (rows, columns). A missing value is an error naming the column: impute before.
    /// </summary>
    /// <exception cref="PipelineException">A column is missing, not numeric, or has missing values.</exception>
    public static torch.Tensor ToFeatureTensor(Table table, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        var names = columns.Length > 0 ? columns
            : table.Columns.Where(c => c.IsNumeric || c.Kind == ColumnKind.Boolean).Select(c => c.Name).ToArray();
        var rows = checked((int)table.RowCount);
        var data = new float[rows * names.Length];
        for (var j = 0; j < names.Length; j++)
        {
            if (!table.Columns.Any(c => c.Name == names[j]))
                throw new PipelineException($"The table has no column '{names[j]}' to put in the feature tensor. Its columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
            var column = table.Column(names[j]);
            if (!column.IsNumeric && column.Kind != ColumnKind.Boolean)
                throw new PipelineException($"Column '{names[j]}' is {column.Kind}, not numeric: encode it (one-hot, ordinal, target) before making features.");
            var values = table.GetDoubles(names[j]);
            var missing = values.Count(v => v is null);
            if (missing > 0)
                throw new PipelineException($"Column '{names[j]}' has {missing} missing values; a feature tensor cannot hold them. Impute it first (Pipeline.Impute).");
            for (var i = 0; i < rows; i++) data[i * names.Length + j] = (float)values[i]!.Value;
        }
        return torch.tensor(data, [rows, names.Length], torch.float32);
    }

    /// <summary>A class column as int64 labels (the index of each value among <paramref name="classNames"/>), for classification targets.</summary>
    /// <exception cref="PipelineException">A value is missing or not one of the classes.</exception>
    public static torch.Tensor ToLabelTensor(Table table, string column, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(table);
        var index = classNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => (long)x.i, StringComparer.Ordinal);
        var labels = table.GetStrings(column).Select((v, row) => v is not null && index.TryGetValue(v, out var i) ? i
            : throw new PipelineException($"Row {row} of '{column}' is {(v is null ? "missing" : $"'{v}'")}, not one of the classes {string.Join(", ", classNames)}.")).ToArray();
        return torch.tensor(labels, torch.int64);
    }
}
