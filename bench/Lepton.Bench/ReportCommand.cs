using System.CommandLine;

namespace Lepton.Bench;

/// <summary><c>report</c>: renders the benchmarks page from the JSON files in a results folder, atomically.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var results = new Option<string>("--results") { Description = "The folder of JSON files the benchmarks wrote.", DefaultValueFactory = _ => Path.Combine("bench", "results") };
        var output = new Option<string>("--out") { Description = "The markdown file to write.", DefaultValueFactory = _ => Path.Combine("docs", "benchmarks.md") };
        var command = new Option<string>("--command") { Description = "The command that produced the results, quoted on the page.", DefaultValueFactory = _ => "bench/run.sh" };
        var report = new Command("report", "Render docs/benchmarks.md (machine, command, tables, PASS/FAIL against the goals) from the JSON results.")
        {
            results, output, command,
        };
        report.SetAction(result =>
        {
            var folder = result.GetValue(results)!;
            var page = new BenchmarkReport(ResultFile.ReadAll(folder), result.GetValue(command)!, folder.TrimEnd('/'));
            var path = result.GetValue(output)!;
            ResultFile.WriteText(path, page.Render() + KeptSections(path));
            foreach (var goal in page.Goals()) Console.WriteLine($"  {goal.Status,-10} {goal.Wanted}: {goal.Measured}");
            Console.WriteLine($"wrote {path}");
            return 0;
        });
        return report;
    }

    /// <summary>
    /// Sections other benchmarks write into the page themselves (bench/data/run.sh's between <c>&lt;!-- data:begin</c>
    /// and <c>&lt;!-- data:end --&gt;</c>, the records route's between <c>records:begin</c> and <c>records:end</c>, bench/training/run.sh's between <c>training:begin</c> and <c>training:end</c>, bench/images/run.sh's between <c>images:begin</c> and <c>images:end</c>, bench/text/run.sh's between <c>text:begin</c> and <c>text:end</c>, bench/training/speed.sh's between <c>training-speed:begin</c> and <c>training-speed:end</c>),
    /// carried over from the page being replaced.
    /// </summary>
    private static string KeptSections(string path)
    {
        if (!File.Exists(path)) return "";
        var text = File.ReadAllText(path);
        return string.Concat(new[] { "data", "records", "training", "images", "text", "training-speed" }.Select(name =>
        {
            var start = text.IndexOf($"<!-- {name}:begin", StringComparison.Ordinal);
            var end = text.IndexOf($"<!-- {name}:end -->", StringComparison.Ordinal);
            return start < 0 || end < start ? "" : "\n" + text[start..(end + $"<!-- {name}:end -->".Length)] + "\n";
        }));
    }
}
