using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Data.Pipelines;
using Lepton.Data.Tables;

namespace Lepton.Bench.Data;

/// <summary>
/// What the records route pays to turn raw records into features: <see cref="TablePreprocessing.FeaturesOf"/> on 1 and
/// on 100 records, through a pipeline of the usual steps (impute, date parts, one-hot, scaling), timed per call.
/// </summary>
internal static class RecordsBenchmark
{
    public static int Run(int iterations)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"lepton-bench-records-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            var csv = Path.Combine(folder, "train.csv");
            string[] cities = ["Lyon", "Paris", "Nice", "Lille"];
            File.WriteAllLines(csv, new[] { "age,income,city,signed_up,label" }.Concat(Enumerable.Range(0, 400).Select(i => string.Create(CultureInfo.InvariantCulture,
                $"{20 + i % 50},{(i % 7 == 0 ? "" : (30_000 + i * 97.5).ToString(CultureInfo.InvariantCulture))},{cities[i % 4]},{new DateTime(2020, 1, 1).AddDays(i):yyyy-MM-dd},{i % 3}"))));
            using var train = Table.Read(csv);
            var fitted = Pipeline.Create().Impute("income", Imputation.Median).DateParts("signed_up", DatePart.Year, DatePart.Month)
                .OneHot("city").ScaleAllExcept(Scaling.Standard, "label").Fit(train);
            var table = new TablePreprocessing(fitted, fitted.OutputColumns.Where(c => c != "label").ToList());
            var results = new JsonObject { ["features"] = table.Features.Count, ["iterations"] = iterations };
            foreach (var count in new[] { 1, 100 })
            {
                var records = Enumerable.Range(0, count).Select(i => new JsonObject
                {
                    ["age"] = 25 + i % 40,
                    ["income"] = i % 5 == 0 ? null : 41_000.5 + i,
                    ["city"] = cities[i % 4],
                    ["signed_up"] = new DateTime(2021, 3, 1).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                }).ToList();
                for (var i = 0; i < 3; i++) table.FeaturesOf(records);
                var times = new double[iterations];
                for (var i = 0; i < iterations; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    table.FeaturesOf(records);
                    times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
                Array.Sort(times);
                results[$"records_{count}"] = new JsonObject
                {
                    ["median_ms"] = Math.Round(times[iterations / 2], 3),
                    ["p95_ms"] = Math.Round(times[(int)(iterations * 0.95)], 3),
                    ["min_ms"] = Math.Round(times[0], 3),
                };
            }
            Console.WriteLine(results.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
