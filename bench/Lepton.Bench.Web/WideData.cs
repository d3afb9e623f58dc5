using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lepton.Data.Tables;
using Lepton.Tracking;
using Lepton.Tracking.Datasets;

namespace Lepton.Bench.Web;

/// <summary>
/// Two wide tables (a reference and a shifted current one) profiled by the data layer and recorded with runs the way
/// <c>lepton train</c> records its data, for the data pages' figures at width; and what recording the profile costs
/// beside the profile training computes anyway.
/// </summary>
internal sealed record WideData(string Reference, string Current, int Columns, int Rows, double ProfileMs, double PercentilesMs, long ProfileBytes)
{
    // 300 columns: at 1,000 the data layer cannot read the CSV under its memory limits (DuckDB takes a 256 KiB block
    // per column segment; 1,000 columns failed even at 1 GiB), which docs/benchmarks.md says.
    public const int NumericColumns = 285;
    public const int CategoricalColumns = 15;

    public static async Task<WideData> WriteAsync(TrackingClient tracking, string folder, int rows)
    {
        var (reference, profileMs, extraMs, bytes) = await RecordAsync(tracking, folder, "wide-reference.csv", rows, shift: 0, seed: 1);
        var (current, _, _, _) = await RecordAsync(tracking, folder, "wide-current.csv", rows, shift: 0.3, seed: 2);
        return new WideData(reference, current, NumericColumns + CategoricalColumns, rows, profileMs, extraMs, bytes);
    }

    private static async Task<(string Hash, double ProfileMs, double PercentilesMs, long Bytes)> RecordAsync(TrackingClient tracking, string folder, string file, int rows, double shift, int seed)
    {
        var path = Path.Combine(folder, file);
        Write(path, rows, shift, seed);
        using var table = Table.Read(path);
        var clock = Stopwatch.StartNew();
        var profile = table.Profile();
        var profileMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var recorded = DatasetProfile.FromTable(table, profile);
        var extraMs = clock.Elapsed.TotalMilliseconds;
        var fingerprint = DatasetFingerprint.FromFiles(file, table.RowCount, "[]", path);
        await using var run = await tracking.StartRunAsync("wide-data", file);
        await run.LogDatasetAsync(fingerprint, "train", recorded);
        await run.EndAsync();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(recorded).LongLength;
        return (fingerprint.Hash, profileMs, extraMs, bytes);
    }

    /// <summary>Numbers ~ N(shift · (column % 3), 1) — a third of the columns drift when shift is not 0 — and categories of 8 values.</summary>
    private static void Write(string path, int rows, double shift, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine(string.Join(',', Enumerable.Range(0, NumericColumns).Select(c => $"x{c}").Concat(Enumerable.Range(0, CategoricalColumns).Select(c => $"k{c}"))));
        var line = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            line.Clear();
            for (var c = 0; c < NumericColumns; c++)
            {
                var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                line.Append((shift * (c % 3) + normal).ToString("0.####", CultureInfo.InvariantCulture)).Append(',');
            }
            for (var c = 0; c < CategoricalColumns; c++) line.Append('v').Append(Math.Min(7, (int)(random.NextDouble() * (8 + shift * 4)))).Append(c < CategoricalColumns - 1 ? "," : "");
            writer.WriteLine(line);
        }
    }
}
