using System.Globalization;
using System.Text;
using Lepton.Data.Tables;

namespace Lepton.Cli.Commands.Prediction;

/// <summary>
/// The output of <c>lepton predict … --out FILE</c>: rows written as CSV to a temporary file beside the target and
/// renamed into place by <see cref="Commit"/>, so an error leaves no file (and never half of one). A <c>.parquet</c>
/// target is converted by the data engine at the end; anything else is CSV.
/// </summary>
internal sealed class PredictionFile : IDisposable
{
    private readonly string target;
    private readonly string temp;
    private readonly StreamWriter writer;
    private readonly IReadOnlyList<string> header;
    private readonly HashSet<string> numbers;
    private bool committed;

    /// <param name="path">The file to write.</param>
    /// <param name="header">The column names.</param>
    /// <param name="numbers">The columns a Parquet file stores as numbers; every other column is text.</param>
    public PredictionFile(string path, IReadOnlyList<string> header, IEnumerable<string> numbers)
    {
        this.numbers = new HashSet<string>(numbers, StringComparer.Ordinal);
        target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
            throw new CliException($"Cannot write {target}: the folder {folder} does not exist.");
        temp = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.csv.tmp");
        writer = new StreamWriter(temp, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        this.header = header;
        WriteRow(header);
    }

    public string Target => target;

    public long Rows { get; private set; }

    public void WriteRow(IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) writer.Write(',');
            writer.Write(Escape(cells[i]));
        }
        writer.Write('\n');
        if (!ReferenceEquals(cells, header)) Rows++;
    }

    public static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Finishes the file and moves it into place.</summary>
    public void Commit()
    {
        writer.Flush();
        writer.Dispose();
        if (target.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            // Every column is read back as text but the numbers the model gives, so ids keep their leading zeros.
            var kinds = header.ToDictionary(h => h, h => numbers.Contains(h) ? ColumnKind.Float : ColumnKind.Text, StringComparer.Ordinal);
            using var table = Data.Tables.Table.Read(temp, new TableReadOptions { Format = TableFormat.Csv, ColumnKinds = kinds, HasHeader = true, Delimiter = ',' });
            table.WriteParquetAsync(target).GetAwaiter().GetResult();
            File.Delete(temp);
        }
        else
        {
            File.Move(temp, target, overwrite: true);
        }
        committed = true;
    }

    private static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public void Dispose()
    {
        writer.Dispose();
        if (!committed && File.Exists(temp)) File.Delete(temp);
    }
}
