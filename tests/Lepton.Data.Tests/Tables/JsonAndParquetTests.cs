using Lepton.Data.Tables;

namespace Lepton.Data.Tests.Tables;

public sealed class JsonAndParquetTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Reads_a_json_array_of_objects()
    {
        var file = folder.Write("people.json", """[{"name":"Ann","age":34,"ok":true},{"name":"Bob","age":null,"ok":false},{"name":"Cy","age":51}]""");
        using var table = Table.Read(file);

        Assert.Equal(TableFormat.Json, table.ReadSummary.Format);
        Assert.Equal(3, table.RowCount);
        Assert.Equal(ColumnKind.Integer, table.Column("age").Kind);
        Assert.Equal([34L, null, 51L], table.GetInt64s("age"));
        Assert.Equal([true, false, null], table.GetBooleans("ok"));
    }

    [Theory]
    [InlineData("empty.json")]
    [InlineData("empty.jsonl")]
    [InlineData("empty.parquet")]
    [InlineData("empty.tsv")]
    public void An_empty_file_of_any_format_is_a_clear_error(string name)
    {
        var error = Assert.Throws<TableReadException>(() => Table.Read(folder.Write(name, "")));
        Assert.Contains($"{name}: the file is empty", error.Message);
    }

    [Theory]
    [InlineData("blob.json")]
    [InlineData("blob.jsonl")]
    public void A_binary_json_file_is_a_clear_error(string name)
    {
        var error = Assert.Throws<TableReadException>(() => Table.Read(folder.WriteBytes(name, [0x7B, 0x00, 0x01, 0x02, 0x7D])));
        Assert.Contains($"{name}: looks like a binary file", error.Message);
    }

    [Fact]
    public void Reads_a_json_array_with_a_byte_order_mark()
    {
        using var table = Table.Read(folder.Write("bom.json", "[{\"a\":1},{\"a\":2}]", bom: true));
        Assert.Equal([1L, 2L], table.GetInt64s("a"));
    }

    [Fact]
    public void A_key_with_a_nul_character_is_refused_naming_the_column()
    {
        // Found by the JSON Lines fuzzer: the engine's SQL parser ends a quoted name at NUL, so profiling failed with a parser error.
        var file = folder.Write("nul.jsonl", "{\"id\":1,\"a\\u0000b\":2}\n{\"id\":2,\"a\\u0000b\":3}\n");
        var error = Assert.Throws<TableReadException>(() => Table.Read(file));
        Assert.Contains("column 2's name ('a\\u0000b') contains a NUL character", error.Message);
    }

    [Fact]
    public void A_json_file_holding_json_lines_is_read_too()
    {
        var file = folder.Write("lines.json", "{\"a\":1}\n{\"a\":2}\n");
        using var table = Table.Read(file);
        Assert.Equal([1L, 2L], table.GetInt64s("a"));
    }

    [Fact]
    public void A_json_array_with_a_syntax_error_fails_naming_the_file_whatever_the_policy()
    {
        var file = folder.Write("broken.json", "[{\"a\":1},\n{\"a\":2,,}\n]");
        var error = Assert.Throws<TableReadException>(() => Table.Read(file, new TableReadOptions { BadRows = BadRowPolicy.Skip }));
        Assert.Contains("broken.json", error.Message);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void Reads_json_lines_with_a_byte_order_mark_and_blank_lines()
    {
        var file = folder.Write("events.jsonl", "{\"id\":1,\"kind\":\"a\"}\n\n{\"id\":2,\"kind\":\"b\"}\n{\"id\":3,\"kind\":\"a\"}\n", bom: true);
        using var table = Table.Read(file);
        Assert.Equal(TableFormat.JsonLines, table.ReadSummary.Format);
        Assert.Equal([1L, 2L, 3L], table.GetInt64s("id"));
        Assert.Equal(["a", "b", "a"], table.GetStrings("kind").AsEnumerable());
    }

    private string BadLines() => folder.Write("bad.jsonl", "{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"b\":\n[1,2]\n{\"a\":4,\"b\":\"y\"}\n");

    [Fact]
    public void A_malformed_json_line_fails_with_its_line_number()
    {
        var error = Assert.Throws<TableReadException>(() => Table.Read(BadLines()));
        Assert.Contains("bad.jsonl", error.Message);
        Assert.Equal(2, error.Line);   // the engine said 3
        Assert.Contains("bad.jsonl, line 2:", error.Message);
    }

    [Fact]
    public void Skip_leaves_malformed_json_lines_out_and_names_each_line()
    {
        using var table = Table.Read(BadLines(), new TableReadOptions { BadRows = BadRowPolicy.Skip });
        var summary = table.ReadSummary;
        Assert.Equal(4, summary.RowsRead);
        Assert.Equal(2, summary.RowsKept);
        Assert.Equal(new Dictionary<string, long> { ["MALFORMED JSON"] = 2 }, summary.SkippedByReason);
        Assert.Equal([2L, 3L], summary.Problems.Select(p => p.Line));
        Assert.Contains("expected an object", summary.Problems[1].Reason);
        Assert.Equal([1L, 4L], table.GetInt64s("a"));
    }

    [Fact]
    public void KeepAsNull_keeps_a_row_of_nulls_for_each_malformed_json_line()
    {
        using var table = Table.Read(BadLines(), new TableReadOptions { BadRows = BadRowPolicy.KeepAsNull });
        Assert.Equal(4, table.RowCount);
        Assert.Equal(2, table.ReadSummary.RowsKeptWithNulls);
        Assert.Equal(0, table.ReadSummary.RowsSkipped);
        Assert.Equal([1L, null, null, 4L], table.GetInt64s("a"));
    }

    [Theory]
    [InlineData(BadRowPolicy.Fail)]
    [InlineData(BadRowPolicy.Skip)]
    [InlineData(BadRowPolicy.KeepAsNull)]
    public void A_kind_override_that_does_not_convert_follows_the_policy(BadRowPolicy policy)
    {
        var file = folder.Write("v.jsonl", "{\"v\":\"1.5\"}\n{\"v\":\"abc\"}\n{\"v\":\"2.5\"}\n");
        var options = new TableReadOptions { BadRows = policy, ColumnKinds = new Dictionary<string, ColumnKind> { ["v"] = ColumnKind.Float } };
        if (policy == BadRowPolicy.Fail)
        {
            var error = Assert.Throws<TableReadException>(() => Table.Read(file, options));
            Assert.Equal(2, error.Line);
            Assert.Contains("record 2", error.Message);
            return;
        }
        using var table = Table.Read(file, options);
        Assert.Equal(ColumnKind.Float, table.Column("v").Kind);
        Assert.Equal(policy == BadRowPolicy.Skip ? [1.5, 2.5] : [1.5, null, 2.5], table.GetDoubles("v"));
        Assert.Equal(2, table.ReadSummary.Problems.Single().Line);
        Assert.Equal(policy == BadRowPolicy.Skip ? 1 : 0, table.ReadSummary.RowsSkipped);
    }

    [Fact]
    public async Task Csv_round_trips_through_the_writer()
    {
        var source = folder.Write("in.csv", "id,name,score,when\n1,\"Smith, Ann\",1.25,2024-01-05 10:30:00\n2,\"line\nbreak\",,2024-02-01 00:00:00\n3,Cy,-3.5,\n");
        using var table = Table.Read(source);
        var copy = folder.PathOf("out.csv");
        await table.WriteCsvAsync(copy);

        using var again = Table.Read(copy);
        Assert.Equal(table.Columns, again.Columns);
        Assert.Equal(table.GetStrings("name").AsEnumerable(), again.GetStrings("name").AsEnumerable());
        Assert.Equal(table.GetDoubles("score"), again.GetDoubles("score"));
        Assert.Equal(table.GetDateTimes("when"), again.GetDateTimes("when"));
        Assert.Equal([folder.PathOf("in.csv"), copy], Directory.GetFiles(folder.Path).Order());
    }

    [Fact]
    public async Task Parquet_round_trips_through_the_writer_and_replaces_an_existing_file()
    {
        var source = folder.Write("in.csv", "id,label,x,flag\n1,a,0.5,true\n2,b,,false\n3,a,2.5,\n");
        using var table = Table.Read(source);
        var target = folder.Write("out.parquet", "old contents");
        await table.WriteParquetAsync(target);

        using var again = Table.Read(target);
        Assert.Equal(TableFormat.Parquet, again.ReadSummary.Format);
        Assert.Equal(table.Columns.Select(c => (c.Name, c.Kind)), again.Columns.Select(c => (c.Name, c.Kind)));
        Assert.Equal([0.5, null, 2.5], again.GetDoubles("x"));
        Assert.Equal([true, false, null], again.GetBooleans("flag"));
        Assert.Equal(2, Directory.GetFiles(folder.Path).Length);
    }

    [Fact]
    public async Task A_failed_write_leaves_no_file_behind()
    {
        using var table = Table.Read(folder.Write("in.csv", "a\n1\n"));
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => table.WriteCsvAsync(folder.PathOf("missing/out.csv")));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_file_named_parquet_that_is_not_parquet_is_a_clear_error()
    {
        var file = folder.Write("fake.parquet", "a,b\n1,2\n");
        var error = Assert.Throws<TableReadException>(() => Table.Read(file));
        Assert.Contains("fake.parquet: not a Parquet file", error.Message);
    }

    [Fact]
    public async Task A_truncated_parquet_file_is_a_clear_error()
    {
        using var table = Table.Read(folder.Write("in.csv", "a,b\n1,x\n2,y\n"));
        var good = folder.PathOf("good.parquet");
        await table.WriteParquetAsync(good);
        var bytes = File.ReadAllBytes(good);
        var cut = folder.WriteBytes("cut.parquet", bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<TableReadException>(() => Table.Read(cut));
        Assert.Contains("cut.parquet", error.Message);
    }

    [Fact]
    public void An_unknown_extension_asks_for_the_format()
    {
        var file = folder.Write("data.xyz", "a\n1\n");
        Assert.Contains("TableReadOptions.Format", Assert.Throws<TableReadException>(() => Table.Read(file)).Message);
        using var table = Table.Read(file, new TableReadOptions { Format = TableFormat.Csv });
        Assert.Equal(1, table.RowCount);
    }
}
