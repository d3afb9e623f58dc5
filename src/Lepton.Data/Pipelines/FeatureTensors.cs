using Lepton.Data.Tables;
using TorchSharp;

namespace Lepton.Data.Pipelines;

/// <summary>Turns a transformed table into the float tensors <c>Fit</c> and <c>Predict</c> take.</summary>
public static class FeatureTensors
{
    static FeatureTensors() => NativeInitializer.Run();

    /// <summary>
    /// The named numeric or boolean columns as a float32 tensor of shape (rows, columns), in the order given. A
    /// missing value is an error naming the column: impute before. The columns must be named — a label column is
    /// numeric too, and taking "all numeric columns" would put it among the features; <see cref="FeatureColumns"/>
    /// lists every numeric column but the target.
    /// </summary>
    /// <exception cref="PipelineException">No column is named, or one is missing, not numeric, or has missing values.</exception>
    public static torch.Tensor ToFeatureTensor(Table table, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
        {
            throw new PipelineException(
                "Name the feature columns: ToFeatureTensor(table, columns). Every numeric column would include the label when it is a number; " +
                "FeatureTensors.FeatureColumns(table, target) lists the numeric columns without the target.");
        }
        var data = FeatureValues.Read(table.Session, table.Columns, table.RowCount, columns);
        return torch.tensor(data, [table.RowCount, columns.Length], torch.float32);
    }

    /// <summary>
    /// The numeric and boolean columns of the table, in order, without <paramref name="target"/> — the features a
    /// model reads when the target is the label. Pass null for a table with no label column (all numeric columns).
    /// </summary>
    /// <exception cref="PipelineException">The target is not a column of the table.</exception>
    public static IReadOnlyList<string> FeatureColumns(Table table, string? target)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (target is not null && !table.Columns.Any(c => c.Name == target))
            throw new PipelineException($"The target '{target}' is not a column of the table. Its columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        return table.Columns.Where(c => c.Name != target && (c.IsNumeric || c.Kind == ColumnKind.Boolean)).Select(c => c.Name).ToList();
    }

    /// <summary>
    /// The distinct values of a label column, in the order class indices follow: by number when every value is an
    /// integer ("2" before "10"), else by ordinal text order. Missing values are not a class.
    /// </summary>
    /// <exception cref="PipelineException">The column does not exist or has no values.</exception>
    public static IReadOnlyList<string> ClassNames(Table table, string column)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!table.Columns.Any(c => c.Name == column))
            throw new PipelineException($"The label column '{column}' is not a column of the table. Its columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        var values = table.GetStrings(column).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (values.Count == 0) throw new PipelineException($"The label column '{column}' has no values; there are no classes.");
        var integers = values.Select(v => long.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : (long?)null).ToList();
        return integers.All(n => n is not null)
            ? values.Zip(integers).OrderBy(p => p.Second).Select(p => p.First).ToList()
            : values.Order(StringComparer.Ordinal).ToList();
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
