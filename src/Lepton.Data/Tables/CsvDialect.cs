namespace Lepton.Data.Tables;

/// <summary>How a CSV file is laid out, as DuckDB's sniffer found it or the user said.</summary>
internal sealed record CsvDialect(
    char Delimiter,
    char Quote,
    char Escape,
    bool HasHeader,
    int SkipLines,
    IReadOnlyList<(string Name, string Type)> Columns,
    string? DateFormat,
    string? TimestampFormat);
