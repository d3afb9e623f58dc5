namespace Lepton.Data.Pipelines;

/// <summary>The value a column takes in every row when a table to transform lacks it (a stated rule, reported when used).</summary>
internal sealed record ColumnDefault
{
    public double? Number { get; init; }

    public string? Text { get; init; }

    public string SqlValue => Number is { } n ? $"CAST({Tables.Sql.Number(n)} AS DOUBLE)" : Text is null ? "CAST(NULL AS VARCHAR)" : Tables.Sql.Literal(Text);

    public Tables.ColumnKind Kind => Number is null ? Tables.ColumnKind.Categorical : Tables.ColumnKind.Float;

    public override string ToString() => Number?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? (Text is null ? "missing" : $"'{Text}'");
}
