using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lepton.Bench.Data;
using Lepton.Data.Reports;
using Lepton.Data.Tables;

// lepton-bench-data generate FILE [ROWS]      writes the benchmark CSV (deterministic)
// lepton-bench-data profile FILE [TARGET]     reads FILE, profiles it, prints one JSON line of timings
// lepton-bench-data report FILE [TARGET] [OUT] the same, then writes the HTML report (what `lepton data profile --out` does)
// lepton-bench-data records [ITERATIONS]    times TablePreprocessing.FeaturesOf on 1 and 100 records (the serving records route)
if (args.Length >= 2 && args[0] == "generate")
{
    var rows = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
    var watch = Stopwatch.StartNew();
    BenchmarkCsv.Write(args[1], rows);
    Console.WriteLine($"wrote {rows} rows to {args[1]} ({new FileInfo(args[1]).Length / 1e6:0} MB) in {watch.Elapsed.TotalSeconds:0.0} s");
    return 0;
}
if (args.Length >= 2 && args[0] == "profile")
{
    var total = Stopwatch.StartNew();
    using var table = await Table.ReadAsync(args[1]);
    var read = total.Elapsed.TotalSeconds;
    var profile = await table.ProfileAsync(new ProfileOptions { Target = args.Length > 2 ? args[2] : null });
    var findings = QualityChecks.Check(profile);
    var all = total.Elapsed.TotalSeconds;
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        read_s = read,
        profile_s = all - read,
        total_s = all,
        rows = table.RowCount,
        columns = table.Columns.Count,
        kinds = table.Columns.ToDictionary(c => c.Name, c => c.Kind.ToString()),
        missing = profile.Columns.Sum(c => c.Missing),
        correlations = profile.Correlations.Count,
        duplicate_rows = profile.DuplicateRows,
        findings = findings.Count,
    }));
    return 0;
}
if (args.Length >= 2 && args[0] == "report")
{
    var total = Stopwatch.StartNew();
    using var table = await Table.ReadAsync(args[1]);
    var read = total.Elapsed.TotalSeconds;
    var profile = await table.ProfileAsync(new ProfileOptions { Target = args.Length > 2 ? args[2] : null });
    var findings = QualityChecks.Check(profile);
    var profiled = total.Elapsed.TotalSeconds;
    var output = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), $"lepton-bench-report-{Environment.ProcessId}.html");
    var charts = await DataReport.WriteAsync(table, profile, findings, output);
    var all = total.Elapsed.TotalSeconds;
    var bytes = new FileInfo(output).Length;
    if (args.Length <= 3) File.Delete(output);
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        read_s = read,
        profile_s = profiled - read,
        report_s = all - profiled,
        total_s = all,
        rows = table.RowCount,
        columns = table.Columns.Count,
        charts = charts.Count,
        html_bytes = bytes,
    }));
    return 0;
}
if (args.Length >= 1 && args[0] == "records")
    return RecordsBenchmark.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50);
Console.Error.WriteLine("usage: lepton-bench-data generate FILE [ROWS] | profile FILE [TARGET] | report FILE [TARGET] [OUT] | records [ITERATIONS]");
return 2;
