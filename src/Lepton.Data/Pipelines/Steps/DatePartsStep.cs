using Lepton.Data.Tables;

namespace Lepton.Data.Pipelines.Steps;

/// <summary>Splits a date column into numeric parts (<c>column_year</c>, <c>column_month</c>, …); the date column goes. Missing dates give missing parts.</summary>
internal sealed record DatePartsStep : PipelineStep
{
    public required string Column { get; init; }

    public DatePart[] Parts { get; init; } = [DatePart.Year, DatePart.Month, DatePart.Day, DatePart.DayOfWeek];

    public override string Describe() => $"date parts of {Column}";

    public static string OutputName(string column, DatePart part) => $"{column}_{Snake(part)}";

    private static string Snake(DatePart part) => part switch
    {
        DatePart.DayOfWeek => "day_of_week",
        DatePart.DayOfYear => "day_of_year",
        _ => part.ToString().ToLowerInvariant(),
    };

    public override PipelineStep Fit(WorkingTable train)
    {
        Require(train, [Column]);
        return this;
    }

    public override StepReport Apply(WorkingTable table)
    {
        Require(table, [Column]);
        var date = $"TRY_CAST({Col(Column)} AS TIMESTAMP)";
        var unreadable = table.Count($"{Col(Column)} IS NOT NULL AND {date} IS NULL");
        var added = Parts.Select(p => (OutputName(Column, p), $"CAST({Function(p)}({date}) AS BIGINT)", ColumnKind.Integer)).ToList();
        table.Rewrite(added: added, removed: [Column]);
        return new StepReport(Describe())
        {
            ValuesChanged = table.Count($"{Col(added[0].Item1)} IS NOT NULL") * Parts.Length,
            ColumnsAdded = added.Select(a => a.Item1).ToList(),
            ColumnsRemoved = [Column],
            Notes = unreadable > 0 ? [$"{unreadable} values are not dates → missing"] : [],
        };
    }

    private static string Function(DatePart part) => part switch
    {
        DatePart.Year => "year",
        DatePart.Month => "month",
        DatePart.Day => "day",
        DatePart.DayOfWeek => "dayofweek",
        DatePart.DayOfYear => "dayofyear",
        _ => "hour",
    };
}
