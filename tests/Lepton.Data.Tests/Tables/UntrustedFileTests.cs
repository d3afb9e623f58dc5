using System.Globalization;
using System.Text;
using Lepton.Data.Tables;

namespace Lepton.Data.Tests.Tables;

/// <summary>
/// Files are untrusted input: what a hostile or damaged file gets is a <see cref="TableReadException"/> naming the
/// file, the line and the limit, before the engine is handed something that hangs or exhausts it.
/// </summary>
public sealed class UntrustedFileTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static string Nested(int depth) => new string('[', depth) + "1" + new string(']', depth);

    [Fact]
    public void Json_lines_nested_deeper_than_the_limit_are_refused_naming_the_line_and_the_limit()
    {
        // 100 deep: the engine would read it (slowly); the limit (64) refuses it before.
        var file = folder.Write("deep.jsonl", "{\"a\":1}\n\n{\"a\":" + Nested(100) + "}\n{\"a\":2}\n");

        var error = Assert.Throws<TableReadException>(() => Table.Read(file));

        Assert.Equal(3, error.Line);
        Assert.StartsWith($"{file}, line 3: a JSON record nests 101 levels deep", error.Message);
        Assert.Contains("limit of 64", error.Message);
        Assert.Equal(nameof(TableReadOptions.MaxJsonDepth), error.Hint?.Option);
        Assert.Contains("TableReadOptions.MaxJsonDepth = 101", error.Message);
    }

    [Fact]
    public void A_json_array_counts_its_outer_array_and_the_limit_can_be_raised()
    {
        var file = folder.Write("deep.json", "[\n{\"a\":1},\n{\"a\":" + Nested(70) + "}\n]\n");

        var error = Assert.Throws<TableReadException>(() => Table.Read(file));
        Assert.Equal(3, error.Line);
        Assert.Contains("nests 72 levels deep", error.Message);

        using var table = Table.Read(file, new TableReadOptions { MaxJsonDepth = 72 });
        Assert.Equal(2, table.RowCount);
    }

    [Fact]
    public void Brackets_inside_strings_and_escaped_quotes_do_not_count_as_nesting()
    {
        var inString = new string('[', 5000) + "\\\"{{{";
        var file = folder.Write("strings.jsonl", $"{{\"a\":\"{inString}\",\"b\":1}}\n{{\"a\":\"x\\\\\",\"b\":2}}\n");

        using var table = Table.Read(file);

        Assert.Equal(2, table.RowCount);
        Assert.Equal([1L, 2L], table.GetInt64s("b"));
    }

    [Fact]
    public async Task Nested_values_within_the_limit_are_read_and_profiled_as_text()
    {
        // A list of integers is not an integer column: it used to be cast to one, and fail.
        var file = folder.Write("nested.jsonl", "{\"a\":[1,2],\"b\":{\"c\":[[1]]},\"n\":1}\n{\"a\":[3],\"b\":{\"c\":[[2]]},\"n\":2}\n");

        using var table = Table.Read(file);
        var profile = await table.ProfileAsync();

        Assert.Equal(ColumnKind.Text, table.Column("a").Kind);
        Assert.Equal(ColumnKind.Text, table.Column("b").Kind);
        Assert.Equal(2, profile.RowCount);
    }

    [Fact]
    public void A_json_record_longer_than_the_limit_is_refused_naming_its_line_and_size()
    {
        var file = folder.Write("long.jsonl", "{\"a\":\"x\"}\n{\"a\":\"" + new string('y', 3000) + "\"}\n{\"a\":\"z\"}\n");

        var error = Assert.Throws<TableReadException>(() => Table.Read(file, new TableReadOptions { MaxRecordBytes = 1000 }));

        Assert.Equal(2, error.Line);
        Assert.Contains("a JSON record of 3,008 bytes", error.Message);
        Assert.Contains("limit of 1,000 bytes", error.Message);
        Assert.Equal(nameof(TableReadOptions.MaxRecordBytes), error.Hint?.Option);

        var unclosed = folder.Write("unclosed.json", "[{\"a\":1},\n{\"a\":\"" + new string('y', 3000));
        error = Assert.Throws<TableReadException>(() => Table.Read(unclosed, new TableReadOptions { MaxRecordBytes = 1000 }));
        Assert.Contains("not closed before the end of the file", error.Message);
    }

    [Theory]
    [InlineData(128, 256)]   // bytes 0x80–0xFF: never valid UTF-8; used to reach the engine and fail inside it
    [InlineData(1, 128)]     // ASCII with control characters: valid UTF-8, but not text
    public void Random_bytes_without_nul_are_refused_as_binary(int lowest, int end)
    {
        var random = new Random(5);
        var bytes = new byte[200_000];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)random.Next(lowest, end);
        var file = folder.WriteBytes("random.csv", bytes);

        var error = Assert.Throws<TableReadException>(() => Table.Read(file, new TableReadOptions { BadRows = BadRowPolicy.Skip }));

        Assert.StartsWith($"{file}: looks like a binary file", error.Message);
        Assert.Contains("save it as UTF-8", error.Message);
    }

    [Fact]
    public void Latin1_text_is_not_taken_for_binary()
    {
        var file = folder.WriteBytes("cities.csv", Encoding.Latin1.GetBytes("city,n\nKöln,1\nZürich,2\nGenève,3\nBern,4\n"));
        using var table = Table.Read(file, new TableReadOptions { BadRows = BadRowPolicy.Skip });
        Assert.Equal([4L], table.GetInt64s("n"));
        Assert.Equal(3, table.ReadSummary.SkippedByReason["INVALID ENCODING"]);

        Assert.Equal((0, 0), FileCheck.BinaryShares(Encoding.UTF8.GetBytes("a,b\n1,\"x\ty\"\f\r\n"), whole: true));
        // A character cut by the end of a sample is not held against it; at the end of the file it is.
        var cut = Encoding.UTF8.GetBytes("abcé")[..^1];
        Assert.Equal((0, 0), FileCheck.BinaryShares(cut, whole: false));
        Assert.Equal(0.25, FileCheck.BinaryShares(cut, whole: true).Invalid);
    }

    [Fact]
    public void A_semicolon_file_with_commas_in_its_fields_keeps_its_delimiter_and_header()
    {
        // DuckDB's sniffer took the comma for the delimiter and the header for a preamble line.
        var file = folder.Write("tags.csv", "name;tags\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"n{i};a,b,c\n")));

        using var table = Table.Read(file);

        Assert.Equal(["name", "tags"], table.Columns.Select(c => c.Name));
        Assert.Equal(20, table.RowCount);
        Assert.Equal(';', table.ReadSummary.Delimiter);
        Assert.True(table.ReadSummary.HasHeader);
        Assert.Equal(0, table.ReadSummary.SkippedLines);
        Assert.Equal("a,b,c", table.GetStrings("tags")[0]);
    }

    [Fact]
    public void A_ragged_semicolon_file_keeps_its_header_and_reports_the_rows_that_do_not_fit()
    {
        // DuckDB's sniffer skipped the header and the first rows as a preamble and read "6;7;8;9" alone, silently.
        var file = folder.Write("ragged.csv", "a;b;c\n1;2;3\n4;5\n6;7;8;9\n");

        var error = Assert.Throws<TableReadException>(() => Table.Read(file));
        Assert.Equal(3, error.Line);

        using var table = Table.Read(file, new TableReadOptions { BadRows = BadRowPolicy.Skip });
        Assert.Equal(["a", "b", "c"], table.Columns.Select(c => c.Name));
        Assert.Equal([1L], table.GetInt64s("a"));
        Assert.Equal([3L, 4L], table.ReadSummary.Problems.Select(p => p.Line));
    }

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    public void The_delimiter_is_the_one_that_splits_records_consistently_with_quotes_respected(char delimiter)
    {
        var d = delimiter.ToString();
        var text = $"id{d}note{d}score\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"{i}{d}\"x{d}y, z; w\"{d}{i}.5\n"));

        Assert.Equal((delimiter, 0), DelimiterSniffer.Sniff(folder.Write("d.csv", text)));
    }

    [Fact]
    public void A_field_longer_than_the_line_limit_names_its_line_size_and_the_option_that_raises_it()
    {
        var file = folder.Write("big.csv", "a,b\n1," + new string('x', 5_000_000) + "\n2,y\n");

        var error = Assert.Throws<TableReadException>(() => Table.Read(file));

        Assert.Equal(2, error.Line);
        Assert.StartsWith($"{file}, line 2: a record of 5,000,002 bytes, longer than the limit of 2,000,000", error.Message);
        Assert.DoesNotContain("could not work out the CSV layout", error.Message);
        Assert.Contains("TableReadOptions.MaxRecordBytes = 6000000", error.Message);

        using var table = Table.Read(file, new TableReadOptions { MaxRecordBytes = 6_000_000 });
        Assert.Equal([1L, 2L], table.GetInt64s("a"));
        using var limited = Table.Read(file, new TableReadOptions { MaxRecordBytes = 6_000_000, MemoryLimit = "256MB" });
        Assert.Equal(2, limited.RowCount);
    }

    [Fact]
    public void A_long_field_past_the_sniffed_lines_is_named_by_its_physical_line()
    {
        var file = folder.Write("late.csv", "a,b\n" + string.Concat(Enumerable.Range(0, 30_000).Select(i => $"{i},y\n")) + "1," + new string('x', 3_000_000) + "\n2,y\n");

        var error = Assert.Throws<TableReadException>(() => Table.Read(file));

        Assert.Equal(30_002, error.Line);
        Assert.Contains("a record of 3,000,002 bytes", error.Message);
        Assert.Equal(nameof(TableReadOptions.MaxRecordBytes), error.Hint?.Option);
    }

    [Fact]
    public void A_malformed_json_line_is_named_by_its_physical_line_blank_lines_included()
    {
        // The engine counted records from the line after: it said line 3 for line 2, and line 4 for line 5 here.
        var file = folder.Write("bad.jsonl", "\n{\"a\":1}\n\n{\"a\":2}\n{\"a\":x}\n{\"a\":3}\n");

        var error = Assert.Throws<TableReadException>(() => Table.Read(file));

        Assert.Equal(5, error.Line);
        Assert.StartsWith($"{file}, line 5: not valid JSON", error.Message);
        Assert.DoesNotContain("line 4", error.Message);
        Assert.Equal(nameof(TableReadOptions.BadRows), error.Hint?.Option);
    }

    [Fact]
    public void Without_a_memory_limit_the_engine_gets_half_of_the_available_memory()
    {
        var half = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / (1024 * 1024);
        Assert.Equal($"{half}MiB", TableReadOptions.DefaultMemoryLimit);

        using var table = Table.Read(folder.Write("small.csv", "a\n1\n"));
        var setting = (string)table.Session.Scalar("SELECT current_setting('memory_limit')")!;   // e.g. "11.1 GiB"
        var number = double.Parse(setting.Split(' ')[0], CultureInfo.InvariantCulture);
        var mib = setting.EndsWith("GiB", StringComparison.Ordinal) ? number * 1024 : number;
        Assert.InRange(mib, half * 0.95, half * 1.05);
    }
}
