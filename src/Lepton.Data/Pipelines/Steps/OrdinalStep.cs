using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>
/// Replaces a category by its position in the sorted training categories (0, 1, …). Rule at apply time: a category
/// not seen in training, or a missing value, gets the reserved code −1 and is counted.
/// </summary>
internal sealed record OrdinalStep : PipelineStep
{
    public const int UnknownCode = -1;

    public required string Column { get; init; }

    public string[] Categories { get; init; } = [];

    public override string Describe() => $"ordinal {Column}";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, [Column]);
        return this with { Categories = Steps.Categories.Of(train, Column) };
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, [Column]);
        var unseen = Steps.Categories.Unseen(table, Column, Categories);
        var missing = table.Count($"{Col(Column)} IS NULL");
        // list_position is 1-based and NULL when absent.
        var expression = $"coalesce(list_position({Sql.List(Categories)}::VARCHAR[], {Steps.Categories.Text(Column)}) - 1, {UnknownCode})::BIGINT";
        table.Rewrite(new Dictionary<string, string> { [Column] = expression }, newKinds: new Dictionary<string, ColumnKind> { [Column] = ColumnKind.Integer });
        return new StepReport(Describe())
        {
            ValuesChanged = table.RowCount,
            UnseenValues = unseen,
            Notes = [.. unseen > 0 ? new[] { $"{unseen} unseen categories → {UnknownCode}" } : [], .. missing > 0 ? new[] { $"{missing} missing → {UnknownCode}" } : []],
        };
    }
}
