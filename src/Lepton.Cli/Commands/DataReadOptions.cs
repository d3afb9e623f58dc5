using System.CommandLine;
using Lepton.Data.Tables;

namespace Lepton.Cli.Commands;

/// <summary>
/// The reading flags <c>lepton data profile</c> and <c>lepton data clean</c> share, turned into
/// <see cref="TableReadOptions"/>; and a <see cref="TableReadException"/>'s hint said in those flags instead of C#.
/// </summary>
internal sealed class DataReadOptions
{
    public Option<bool> SkipBadRows { get; } = new("--skip-bad-rows") { Description = "Leave out rows that do not fit (reported) instead of stopping at the first." };

    public Option<string?> Format { get; } = new("--format") { Description = "The file's format when its extension does not say: csv, json, jsonl or parquet." };

    public Option<string?> Delimiter { get; } = new("--delimiter") { Description = "The CSV field separator (one character, or 'tab'); detected by default." };

    public Option<long?> MaxRecordBytes { get; } = new("--max-record-bytes") { Description = "The longest record accepted, in bytes (default 2,000,000 for a CSV line, 16 MiB for a JSON record)." };

    public Option<int?> MaxJsonDepth { get; } = new("--max-json-depth") { Description = "The deepest nesting of arrays and objects a JSON file may have (default 64)." };

    public Option<string?> MemoryLimit { get; } = new("--memory-limit") { Description = "The most memory the data engine may use before spilling to disk, e.g. 2GB (default: half of the memory available)." };

    public void AddTo(Command command)
    {
        command.Options.Add(SkipBadRows);
        command.Options.Add(Format);
        command.Options.Add(Delimiter);
        command.Options.Add(MaxRecordBytes);
        command.Options.Add(MaxJsonDepth);
        command.Options.Add(MemoryLimit);
    }

    public TableReadOptions Read(ParseResult result)
    {
        var depth = result.GetValue(MaxJsonDepth);
        if (depth is < 1) throw new CliException($"--max-json-depth must be at least 1, not {depth}.");
        var bytes = result.GetValue(MaxRecordBytes);
        if (bytes is < 1) throw new CliException($"--max-record-bytes must be at least 1, not {bytes}.");
        return new TableReadOptions
        {
            BadRows = result.GetValue(SkipBadRows) ? BadRowPolicy.Skip : BadRowPolicy.Fail,
            Format = result.GetValue(Format) is { } format ? ParseFormat(format) : TableFormat.Auto,
            Delimiter = result.GetValue(Delimiter) is { } delimiter ? ParseDelimiter(delimiter) : null,
            MaxRecordBytes = bytes,
            MaxJsonDepth = depth ?? new TableReadOptions().MaxJsonDepth,
            MemoryLimit = result.GetValue(MemoryLimit),
        };
    }

    /// <summary>The error as the command line should say it: the hint names a flag, not a C# option.</summary>
    public static string Describe(TableReadException e)
    {
        if (e.Hint is not { } hint) return e.Message;
        var flag = hint.Option switch
        {
            nameof(TableReadOptions.BadRows) => "add --skip-bad-rows",
            nameof(TableReadOptions.MaxRecordBytes) => $"add --max-record-bytes {hint.Value}",
            nameof(TableReadOptions.MaxJsonDepth) => $"add --max-json-depth {hint.Value}",
            nameof(TableReadOptions.Format) => "add --format csv|json|jsonl|parquet",
            nameof(TableReadOptions.Delimiter) => "add --delimiter ';' (or ',', tab, '|')",
            nameof(TableReadOptions.MemoryLimit) => $"add --memory-limit {hint.Value.Trim('"')}",
            _ => null,
        };
        return flag is null ? e.Message : $"{e.Problem} {hint.Render(flag)}";
    }

    private static TableFormat ParseFormat(string text) => text.ToLowerInvariant() switch
    {
        "csv" or "tsv" => TableFormat.Csv,
        "json" => TableFormat.Json,
        "jsonl" or "ndjson" => TableFormat.JsonLines,
        "parquet" => TableFormat.Parquet,
        _ => throw new CliException($"--format {text}: not a format lepton reads; use csv, json, jsonl or parquet."),
    };

    private static char ParseDelimiter(string text) => text switch
    {
        "tab" or "\\t" => '\t',
        { Length: 1 } => text[0],
        _ => throw new CliException($"--delimiter {text}: give one character (e.g. ';') or 'tab'."),
    };
}
