using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>
/// One 0/1 column per training category, named <c>column=value</c>; the column itself goes. Rule at apply time: a
/// category not seen in training, or a missing value, gives all zeros and is counted.
/// </summary>
internal sealed record OneHotStep : PipelineStep
{
    public required string Column { get; init; }

    public string[] Categories { get; init; } = [];

    public override string Describe() => $"one-hot {Column}";

    public static string OutputName(string column, string category) => $"{column}={category}";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, [Column]);
        var categories = Steps.Categories.Of(train, Column);
        if (categories.Length > 1000)
            throw new PipelineException($"Step '{Describe()}': '{Column}' has {categories.Length} categories in the training data; one-hot would add as many columns. Use ordinal, target or hashing encoding instead.");
        return this with { Categories = categories };
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, [Column]);
        var unseen = Steps.Categories.Unseen(table, Column, Categories);
        var missing = table.Count($"{Col(Column)} IS NULL");
        var text = Steps.Categories.Text(Column);
        var added = Categories.Select(c => (OutputName(Column, c), $"CASE WHEN {text} = {Sql.Literal(c)} THEN 1 ELSE 0 END::INTEGER", ColumnKind.Integer)).ToList();
        table.Rewrite(added: added, removed: [Column]);
        return new StepReport(Describe())
        {
            ValuesChanged = table.RowCount - unseen - missing,
            UnseenValues = unseen,
            ColumnsAdded = added.Select(a => a.Item1).ToList(),
            ColumnsRemoved = [Column],
            Notes = [.. unseen > 0 ? new[] { $"{unseen} unseen categories → all zeros" } : [], .. missing > 0 ? new[] { $"{missing} missing → all zeros" } : []],
        };
    }
}
