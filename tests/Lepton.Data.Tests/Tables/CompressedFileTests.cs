using System.IO.Compression;
using System.Text;
using Lepton.Data.Tables;

namespace Lepton.Data.Tests.Tables;

/// <summary>Tables compressed as a whole (.csv.gz, .jsonl.zst, …) are read as the plain file would be, with the same checks.</summary>
public sealed class CompressedFileTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string Gzip(string name, string text) => folder.WriteBytes(name, Gzipped(Encoding.UTF8.GetBytes(text)));

    private static byte[] Gzipped(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(bytes);
        return output.ToArray();
    }

    private string Zstd(string name, string text)
    {
        using var compressor = new ZstdSharp.Compressor();
        return folder.WriteBytes(name, compressor.Wrap(Encoding.UTF8.GetBytes(text)).ToArray());
    }

    private const string People = "name,age,city\nAnn,34,Lyon\nBob,,Paris\nCy,51,Lyon\n";

    [Theory]
    [InlineData("people.csv.gz")]
    [InlineData("people.csv.gzip")]
    [InlineData("people.gz")]
    public void A_gzipped_csv_is_read_like_the_plain_file(string name)
    {
        var file = Gzip(name, People);
        using var table = Table.Read(file, new TableReadOptions { Format = name == "people.gz" ? TableFormat.Csv : TableFormat.Auto });

        Assert.Equal(TableFormat.Csv, table.ReadSummary.Format);
        Assert.Equal(["name", "age", "city"], table.Columns.Select(c => c.Name));
        Assert.Equal([34L, null, 51L], table.GetInt64s("age"));
        Assert.Equal(ColumnKind.Integer, table.Column("age").Kind);
    }

    [Fact]
    public void A_gzipped_tsv_json_and_json_lines_file_are_read()
    {
        using var tsv = Table.Read(Gzip("t.tsv.gz", "a\tb\n1\tx\n2\ty\n"));
        Assert.Equal('\t', tsv.ReadSummary.Delimiter);
        Assert.Equal([1L, 2L], tsv.GetInt64s("a"));

        using var json = Table.Read(Gzip("t.json.gz", "[{\"a\": 1}, {\"a\": 2}]"));
        Assert.Equal(TableFormat.Json, json.ReadSummary.Format);
        Assert.Equal([1L, 2L], json.GetInt64s("a"));

        using var lines = Table.Read(Gzip("t.jsonl.gz", "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3}\n"));
        Assert.Equal(TableFormat.JsonLines, lines.ReadSummary.Format);
        Assert.Equal(3, lines.RowCount);
    }

    [Fact]
    public void A_zstd_compressed_csv_and_json_lines_file_are_read()
    {
        using var csv = Table.Read(Zstd("people.csv.zst", People));
        Assert.Equal([34L, null, 51L], csv.GetInt64s("age"));

        using var lines = Table.Read(Zstd("t.jsonl.zst", "{\"a\": 1}\n{\"a\": 2}\n"));
        Assert.Equal([1L, 2L], lines.GetInt64s("a"));
    }

    [Fact]
    public void Bad_rows_of_a_compressed_csv_are_named_by_their_line()
    {
        var file = Gzip("bad.csv.gz", "a,b\n1,2\n3,oops\n4,5\n");

        var error = Assert.Throws<TableReadException>(() => Table.Read(file, new TableReadOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["b"] = ColumnKind.Integer } }));
        Assert.Equal(3, error.Line);

        using var skipped = Table.Read(file, new TableReadOptions { BadRows = BadRowPolicy.Skip, ColumnKinds = new Dictionary<string, ColumnKind> { ["b"] = ColumnKind.Integer } });
        Assert.Equal(2, skipped.RowCount);
        Assert.Equal(3, Assert.Single(skipped.ReadSummary.Problems).Line);
    }

    [Fact]
    public void Malformed_lines_of_compressed_json_lines_are_skipped_and_named()
    {
        var file = Gzip("bad.jsonl.gz", "{\"a\": 1}\n{\"a\": \n{\"a\": 3}\n");

        Assert.Equal(2, Assert.Throws<TableReadException>(() => Table.Read(file)).Line);
        using var table = Table.Read(file, new TableReadOptions { BadRows = BadRowPolicy.Skip });
        Assert.Equal([1L, 3L], table.GetInt64s("a"));
    }

    [Fact]
    public void A_gzipped_binary_file_is_refused_as_binary_after_decompressing()
    {
        var random = new byte[20_000];
        new Random(3).NextBytes(random);
        var file = folder.WriteBytes("noise.csv.gz", Gzipped(random));

        var error = Assert.Throws<TableReadException>(() => Table.Read(file));
        Assert.Contains("binary file", error.Message);
    }

    [Fact]
    public void Deep_json_inside_a_gzipped_file_is_refused_before_the_engine_reads_it()
    {
        var file = Gzip("deep.jsonl.gz", "{\"a\":1}\n{\"a\":" + new string('[', 100) + "1" + new string(']', 100) + "}\n");

        var error = Assert.Throws<TableReadException>(() => Table.Read(file));
        Assert.Equal(2, error.Line);
        Assert.Contains("limit of 64", error.Message);
    }

    [Fact]
    public void A_file_named_gz_that_is_not_gzip_is_refused_naming_the_compression()
    {
        var file = folder.Write("plain.csv.gz", People);

        var error = Assert.Throws<TableReadException>(() => Table.Read(file));
        Assert.StartsWith($"{file}: not valid gzip data", error.Message);
    }

    [Fact]
    public void A_cut_short_gzip_file_is_a_table_read_error()
    {
        var rows = string.Concat(Enumerable.Range(0, 50_000).Select(i => $"{i},{i * 7 % 13},row{i}\n"));
        var whole = Gzipped(Encoding.UTF8.GetBytes("a,b,c\n" + rows));
        var file = folder.WriteBytes("cut.csv.gz", whole[..(whole.Length / 2)]);

        var error = Record.Exception(() => Table.Read(file));
        Assert.IsType<TableReadException>(error);
        Assert.Contains(file, error.Message);
    }

    [Fact]
    public void A_compressed_parquet_file_and_an_unknown_inner_extension_are_refused_clearly()
    {
        var parquet = Gzip("t.parquet.gz", "PAR1");
        Assert.Contains("Parquet compresses its own pages", Assert.Throws<TableReadException>(() => Table.Read(parquet)).Message);

        var unknown = Gzip("t.xlsx.gz", People);
        var error = Assert.Throws<TableReadException>(() => Table.Read(unknown));
        Assert.Contains("extension '.xlsx.gz'", error.Message);
        Assert.Equal(nameof(TableReadOptions.Format), error.Hint?.Option);
    }
}
