using System.Globalization;
using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>
/// Hashing encoding: <c>column#0</c> … <c>column#(n−1)</c>, 1 in the bucket md5(value) mod n, so any category, seen
/// or not, has a place (MD5 keeps buckets the same across engine versions). A missing value gives all zeros.
/// </summary>
internal sealed record HashingStep : PipelineStep
{
    public required string Column { get; init; }

    public int Buckets { get; init; } = 16;

    public override string Describe() => $"hash {Column} into {Buckets} buckets";

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, [Column]);
        if (Buckets < 2) throw new PipelineException($"Step '{Describe()}': needs at least 2 buckets.");
        return this;
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, [Column]);
        var bucket = $"(md5_number({Categories.Text(Column)}) % {Buckets.ToString(CultureInfo.InvariantCulture)})";
        var added = Enumerable.Range(0, Buckets)
            .Select(b => ($"{Column}#{b}", $"CASE WHEN {bucket} = {b.ToString(CultureInfo.InvariantCulture)} THEN 1 ELSE 0 END::INTEGER", ColumnKind.Integer)).ToList();
        var missing = table.Count($"{Col(Column)} IS NULL");
        table.Rewrite(added: added, removed: [Column]);
        return new StepReport(Describe())
        {
            ValuesChanged = table.RowCount - missing,
            ColumnsAdded = added.Select(a => a.Item1).ToList(),
            ColumnsRemoved = [Column],
            Notes = missing > 0 ? [$"{missing} missing → all zeros"] : [],
        };
    }
}
