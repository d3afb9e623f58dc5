using System.Globalization;
using Lepton.Data.Tables;

namespace Lepton.Data.Tests.Tables;

public sealed class CsvReadingTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Reads_header_types_and_nulls()
    {
        var file = folder.Write("people.csv",
            "id,name,age,height,member,joined\n1,Ann,34,1.72,true,2024-01-05\n2,Bob,,1.80,false,2024-02-10\n3,Cy,51,NA,true,\n");
        using var table = Table.Read(file);

        Assert.Equal(["id", "name", "age", "height", "member", "joined"], table.Columns.Select(c => c.Name));
        Assert.Equal(3, table.RowCount);
        Assert.Equal(ColumnKind.Integer, table.Column("age").Kind);
        Assert.Equal(ColumnKind.Float, table.Column("height").Kind);
        Assert.Equal(ColumnKind.Boolean, table.Column("member").Kind);
        Assert.Equal(ColumnKind.DateTime, table.Column("joined").Kind);
        Assert.Equal([34L, null, 51L], table.GetInt64s("age"));
        Assert.Equal([1.72, 1.80, null], table.GetDoubles("height"));
        Assert.Equal([true, false, true], table.GetBooleans("member"));
        Assert.Equal([new DateTime(2024, 1, 5), new DateTime(2024, 2, 10), null], table.GetDateTimes("joined"));
        Assert.Equal(["Ann", "Bob", "Cy"], table.GetStrings("name").AsEnumerable());
        Assert.Equal(3, table.ReadSummary.RowsRead);
        Assert.Equal(0, table.ReadSummary.RowsSkipped);
        Assert.Equal(',', table.ReadSummary.Delimiter);
        Assert.True(table.ReadSummary.HasHeader);
    }

    [Theory]
    [InlineData("note,n\n\"x(1)y\",1\n\"alert(2)\",2\n", new[] { "x(1)y", "alert(2)" })]      // quoted: the sniffer finds no escape
    [InlineData("note;n\n\"x(1)y\";1\n(555) 123;2\n", new[] { "x(1)y", "(555) 123" })]           // another delimiter, one field quoted
    [InlineData("note,n\n(555) 123,1\nsay (hi),2\n", new[] { "(555) 123", "say (hi)" })]            // no quotes at all: the sniffer finds no quote
    [InlineData("note,n\n\"say \"\"hi\"\" (now)\",1\nb,2\n", new[] { "say \"hi\" (now)", "b" })] // doubled quotes still read as one
    public void Parentheses_in_fields_are_kept_whether_or_not_fields_are_quoted(string text, string[] expected)
    {
        using var table = Table.Read(folder.Write("notes.csv", text));
        Assert.Equal(expected, table.GetStrings("note").AsEnumerable());
    }

    [Fact]
    public void A_file_too_wide_for_the_engines_memory_is_a_TableReadException_naming_the_memory_limit()
    {
        var text = new System.Text.StringBuilder(string.Join(',', Enumerable.Range(0, 200).Select(c => $"x{c}"))).Append('\n');
        for (var r = 0; r < 300; r++) text.Append(string.Join(',', Enumerable.Range(0, 200).Select(c => (r * c % 97).ToString(CultureInfo.InvariantCulture)))).Append('\n');
        var file = folder.Write("wide.csv", text.ToString());

        var e = Assert.Throws<TableReadException>(() => Table.Read(file, new TableReadOptions { MemoryLimit = "24MiB" }));

        Assert.Contains("ran out of memory", e.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(TableReadOptions.MemoryLimit), e.Hint!.Option);
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    public void Detects_the_delimiter(char delimiter)
    {
        var rows = new[] { "a;b;c", "1;2.5;x", "2;3.5;y", "3;4.5;z" }.Select(r => r.Replace(';', delimiter));
        var file = folder.Write(delimiter == '\t' ? "data.tsv" : "data.csv", string.Join("\n", rows) + "\n");
        using var table = Table.Read(file);

        Assert.Equal(delimiter, table.ReadSummary.Delimiter);
        Assert.Equal(["a", "b", "c"], table.Columns.Select(c => c.Name));
        Assert.Equal([2.5, 3.5, 4.5], table.GetDoubles("b"));
    }

    [Fact]
    public void Reads_quoted_fields_with_embedded_newlines_delimiters_and_quotes()
    {
        var file = folder.Write("notes.csv", "id,note,score\n1,\"first line\nsecond, with comma\",1.5\n2,\"say \"\"hi\"\"\",2.5\n3,plain,3.5\n");
        using var table = Table.Read(file);

        Assert.Equal(3, table.RowCount);
        Assert.Equal(["first line\nsecond, with comma", "say \"hi\"", "plain"], table.GetStrings("note").AsEnumerable());
        Assert.Equal([1.5, 2.5, 3.5], table.GetDoubles("score"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reads_utf8_with_or_without_a_byte_order_mark(bool bom)
    {
        var file = folder.Write("names.csv", "city,population\nZürich,421878\nKraków,800653\n", bom);
        using var table = Table.Read(file);

        Assert.Equal("city", table.Columns[0].Name);
        Assert.Equal(["Zürich", "Kraków"], table.GetStrings("city").AsEnumerable());
        Assert.Equal([421878L, 800653L], table.GetInt64s("population"));
    }

    [Fact]
    public void Parses_numbers_the_same_whatever_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var file = folder.Write("values.csv", "x,y\n1.5,1000\n2.25,2000\n");
            using var table = Table.Read(file);
            Assert.Equal([1.5, 2.25], table.GetDoubles("x"));
            Assert.Equal(["1.5", "2.25"], table.GetStrings("x").AsEnumerable());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_malformed_row_fails_with_its_line_number_and_reason_by_default()
    {
        // Line 4 starts after a quoted field that spans lines 2 and 3, so the physical line is what is reported.
        var file = folder.Write("bad.csv", "id,name,score\n1,\"Al\nice\",3.5\n2,Bob,4.0,extra\n3,Cy,2.5\n");
        var error = Assert.Throws<TableReadException>(() => Table.Read(file));

        Assert.Equal(4, error.Line);
        Assert.Contains("bad.csv, line 4", error.Message);
        Assert.Contains("TOO MANY COLUMNS", error.Message);
        Assert.Contains("TableReadOptions.BadRows = BadRowPolicy.Skip", error.Message);
        Assert.Equal(nameof(TableReadOptions.BadRows), error.Hint?.Option);
        Assert.Equal(file, error.FilePath);
    }

    /// <summary>Line 3 has a field too many, line 4 one too few, line 5 a score that is not a number.</summary>
    private Table ReadBadRows(BadRowPolicy policy) => Table.Read(
        folder.Write("bad.csv", "id,name,score\n1,Ann,3.5\n2,Bob,4.0,extra\n3,Cy\n4,Di,oops\n5,Ed,1.5\n"),
        new TableReadOptions { BadRows = policy, ColumnKinds = new Dictionary<string, ColumnKind> { ["score"] = ColumnKind.Float } });

    [Fact]
    public void Skip_leaves_bad_rows_out_and_counts_each_by_reason()
    {
        using var table = ReadBadRows(BadRowPolicy.Skip);

        var summary = table.ReadSummary;
        Assert.Equal(5, summary.RowsRead);
        Assert.Equal(2, summary.RowsKept);
        Assert.Equal(3, summary.RowsSkipped);
        Assert.Equal(new Dictionary<string, long> { ["CAST"] = 1, ["MISSING COLUMNS"] = 1, ["TOO MANY COLUMNS"] = 1 }, summary.SkippedByReason);
        Assert.Equal([3L, 4L, 5L], summary.Problems.Select(p => p.Line));
        Assert.All(summary.Problems, p => Assert.True(p.Skipped));
        Assert.Equal("score", summary.Problems[2].Column);
        Assert.Contains("oops", summary.Problems[2].Reason);
        Assert.Equal([1L, 5L], table.GetInt64s("id"));
        Assert.Contains("3 skipped", summary.ToString());
    }

    [Fact]
    public void KeepAsNull_keeps_rows_with_unreadable_values_as_null_and_skips_only_rows_it_cannot_keep()
    {
        using var table = ReadBadRows(BadRowPolicy.KeepAsNull);

        var summary = table.ReadSummary;
        Assert.Equal(5, summary.RowsRead);
        Assert.Equal(4, summary.RowsKept);
        Assert.Equal(2, summary.RowsKeptWithNulls);
        Assert.Equal(new Dictionary<string, long> { ["TOO MANY COLUMNS"] = 1 }, summary.SkippedByReason);
        Assert.Equal([1L, 3L, 4L, 5L], table.GetInt64s("id"));
        Assert.Equal([3.5, null, null, 1.5], table.GetDoubles("score"));
        Assert.Equal([true, false, false], summary.Problems.Select(p => p.Skipped));
    }

    [Theory]
    [InlineData(BadRowPolicy.Skip)]
    [InlineData(BadRowPolicy.KeepAsNull)]
    public void A_row_that_is_not_utf8_is_reported_and_skipped(BadRowPolicy policy)
    {
        // "Zürich" written in Latin-1 on line 3: 0xFC is not UTF-8.
        var bytes = System.Text.Encoding.UTF8.GetBytes("city,n\nBern,1\n").Concat(new byte[] { (byte)'Z', 0xFC, (byte)'r', (byte)'i', (byte)'c', (byte)'h', (byte)',', (byte)'2', (byte)'\n' })
            .Concat(System.Text.Encoding.UTF8.GetBytes("Genf,3\n")).ToArray();
        var file = folder.WriteBytes("latin1.csv", bytes);
        using var table = Table.Read(file, new TableReadOptions { BadRows = policy });

        Assert.Equal([1L, 3L], table.GetInt64s("n"));
        var problem = Assert.Single(table.ReadSummary.Problems);
        Assert.Equal(3, problem.Line);
        Assert.True(problem.Skipped);
        Assert.Contains("INVALID ENCODING", problem.Reason);
        Assert.Equal(1, table.ReadSummary.RowsSkipped);
    }

    [Fact]
    public void An_empty_file_is_a_clear_error_naming_the_file()
    {
        var file = folder.Write("empty.csv", "");
        var error = Assert.Throws<TableReadException>(() => Table.Read(file));
        Assert.Contains("empty.csv", error.Message);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void A_file_with_only_a_byte_order_mark_and_blank_lines_is_empty()
    {
        var file = folder.Write("blank.csv", "\n  \n", bom: true);
        var error = Assert.Throws<TableReadException>(() => Table.Read(file));
        Assert.Contains("blank.csv", error.Message);
        Assert.Contains("no content", error.Message);
    }

    [Fact]
    public void A_binary_file_is_a_clear_error_naming_the_file()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[100] = 0;
        var file = folder.WriteBytes("image.csv", bytes);
        var error = Assert.Throws<TableReadException>(() => Table.Read(file));
        Assert.Contains("image.csv", error.Message);
        Assert.Contains("binary", error.Message);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var error = Assert.Throws<TableReadException>(() => Table.Read(folder.PathOf("nowhere.csv")));
        Assert.Contains("nowhere.csv: file not found", error.Message);
    }

    [Fact]
    public void A_header_only_file_is_a_table_with_no_rows()
    {
        var file = folder.Write("header.csv", "a,b\n");
        using var table = Table.Read(file, new TableReadOptions { HasHeader = true });
        Assert.Equal(0, table.RowCount);
        Assert.Equal(["a", "b"], table.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Column_kinds_can_be_overridden()
    {
        var file = folder.Write("codes.csv", "zip,count\n1000,5\n2000,6\n3000,7\n");
        using var table = Table.Read(file, new TableReadOptions
        {
            ColumnKinds = new Dictionary<string, ColumnKind> { ["zip"] = ColumnKind.Categorical, ["count"] = ColumnKind.Float },
        });
        Assert.Equal(ColumnKind.Categorical, table.Column("zip").Kind);
        Assert.Equal("VARCHAR", table.Column("zip").StorageType);
        Assert.Equal("DOUBLE", table.Column("count").StorageType);
        Assert.Equal(["1000", "2000", "3000"], table.GetStrings("zip").AsEnumerable());
    }

    [Fact]
    public void A_kind_for_a_column_the_file_lacks_is_an_error_listing_the_columns()
    {
        var file = folder.Write("a.csv", "x,y\n1,2\n");
        var error = Assert.Throws<TableReadException>(() => Table.Read(file, new TableReadOptions
        {
            ColumnKinds = new Dictionary<string, ColumnKind> { ["z"] = ColumnKind.Float },
        }));
        Assert.Contains("'z'", error.Message);
        Assert.Contains("x, y", error.Message);
    }

    [Fact]
    public void Infers_categorical_text_and_identifier_columns()
    {
        var lines = new List<string> { "user_id,colour,comment,code" };
        string[] colours = ["red", "green", "blue"];
        for (var i = 0; i < 60; i++)
            lines.Add($"{1000 + i},{colours[i % 3]},this is comment number {i} about the item,A{i:D4}X");
        using var table = Table.Read(folder.Write("mix.csv", string.Join("\n", lines) + "\n"));

        Assert.Equal(ColumnKind.Identifier, table.Column("user_id").Kind);
        Assert.Equal(ColumnKind.Categorical, table.Column("colour").Kind);
        Assert.Equal(ColumnKind.Text, table.Column("comment").Kind);
        Assert.Equal(ColumnKind.Identifier, table.Column("code").Kind);
    }

    [Fact]
    public void Reports_progress_from_detecting_to_done()
    {
        var stages = new List<TableReadProgress>();
        var file = folder.Write("p.csv", "a,b\n1,2\n3,4\n");
        using var table = Table.Read(file, new TableReadOptions { Progress = new SynchronousProgress(stages.Add) });

        Assert.Equal("detecting", stages[0].Stage);
        Assert.Contains(stages, s => s.Stage == "loading");
        Assert.Equal(new TableReadProgress("done", 1, 2), stages[^1]);
    }

    [Fact]
    public async Task ReadAsync_honours_cancellation()
    {
        var file = folder.Write("c.csv", "a\n1\n");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Table.ReadAsync(file, cancellationToken: cancelled.Token));
    }

    [FactIfSklearnData]
    public void A_line_of_counts_before_fewer_columns_is_skipped_as_a_preamble()
    {
        // wine_data.csv: "178,13,class_0,class_1,class_2" then 178 rows of 14 values.
        using var table = Table.Read(SklearnData.Wine);
        Assert.Equal(178, table.RowCount);
        Assert.Equal(14, table.Columns.Count);
        Assert.Equal(1, table.ReadSummary.SkippedLines);
        Assert.Equal(0, table.ReadSummary.RowsSkipped);
        Assert.Equal(14.23, table.GetDoubles(table.Columns[0].Name)[0]);
    }

    [FactIfSklearnData]
    public void A_line_of_counts_as_wide_as_the_data_is_taken_for_a_header_until_overridden()
    {
        // iris.csv: "150,4,setosa,versicolor,virginica" has as many fields as the rows below it.
        using (var detected = Table.Read(SklearnData.Iris))
        {
            Assert.Equal(150, detected.RowCount);
            Assert.Equal("150", detected.Columns[0].Name);
        }

        using var table = Table.Read(SklearnData.Iris, new TableReadOptions
        {
            HasHeader = false,
            SkipLines = 1,
            ColumnNames = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"],
            ColumnKinds = new Dictionary<string, ColumnKind> { ["species"] = ColumnKind.Categorical },
        });
        Assert.Equal(150, table.RowCount);
        Assert.Equal(ColumnKind.Float, table.Column("sepal_length").Kind);
        Assert.Equal(ColumnKind.Categorical, table.Column("species").Kind);
        Assert.Equal(5.1, table.GetDoubles("sepal_length")[0]);
        Assert.Equal(50, table.GetStrings("species").Count(s => s == "2"));
    }

    [FactIfSklearnData]
    public void Reads_breast_cancer_whole()
    {
        using var table = Table.Read(SklearnData.BreastCancer);
        Assert.Equal(569, table.RowCount);
        Assert.Equal(31, table.Columns.Count);
        Assert.Equal(17.99, table.GetDoubles(table.Columns[0].Name)[0]);
    }
}

/// <summary>An IProgress that reports on the calling thread, so a test sees every report in order.</summary>
internal sealed class SynchronousProgress(Action<TableReadProgress> report) : IProgress<TableReadProgress>
{
    public void Report(TableReadProgress value) => report(value);
}
