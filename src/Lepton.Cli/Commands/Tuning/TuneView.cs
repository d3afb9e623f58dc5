using System.Globalization;
using Lepton.Tuning;
using Lepton.Tuning.Spaces;
using Lepton.Training.Tuning;
using Lepton.Tuning.Studies;
using Spectre.Console;

namespace Lepton.Cli.Commands.Tuning;

/// <summary>What <c>lepton tune</c> prints before and after its trials.</summary>
internal static class TuneView
{
    public static void WritePlan(IAnsiConsole console, TuneSettings settings, SpecTuner tuner)
    {
        var h = tuner.Hyperopt;
        var table = new Spectre.Console.Table { Title = new TableTitle($"Study '{Markup.Escape(settings.Study)}': search space") };
        table.AddColumns("Parameter", "Values", "Exists");
        foreach (var p in tuner.Space)
            table.AddRow(Markup.Escape(p.Name), Markup.Escape(Describe(p.Distribution) + (p.Grid ? " (grid)" : "")),
                Markup.Escape(p.Condition is { } c ? $"when {c.Parameter} is {string.Join(" or ", c.Values.Select(TrialReporter.Show))}" : "always"));
        console.Write(table);
        var trials = settings.Trials ?? h.Trials;
        console.MarkupLineInterpolated($"Scoring: {tuner.DescribeScoring()}");
        console.MarkupLineInterpolated($"Search: {h.SearchAlgorithm}, pruner {h.Pruner}, {(trials is { } n ? $"{n} trials" : h.SearchAlgorithm == "grid" ? "every grid point" : "10 trials")} in the study, {(settings.Cluster is { } cluster ? $"one at a time on every silo of the cluster at {cluster}" : $"{settings.Workers} worker{(settings.Workers == 1 ? "" : "s")} × {h.MaxParallel} at a time")}{(h.TimeLimit is { } t ? $", no trial started after {t}" : "")}");
    }

    public static void WriteResult(IAnsiConsole console, SpecTuner tuner, TuningResult result)
    {
        var counts = string.Join(", ", Enum.GetValues<TrialState>().Select(s => (s, n: result.Count(s))).Where(p => p.n > 0).Select(p => $"{p.n} {p.s.ToString().ToLowerInvariant()}"));
        console.MarkupLineInterpolated($"Study '{result.Study.Name}': {result.Trials.Count} trials ({counts})");
        var ranked = result.Trials.Where(t => t.State == TrialState.Complete && t.Value is not null)
            .OrderBy(t => tuner.Direction == StudyDirection.Minimize ? t.Value!.Value : -t.Value!.Value).Take(10).ToList();
        if (ranked.Count == 0) return;
        var table = new Spectre.Console.Table { Title = new TableTitle($"Best trials by {tuner.Hyperopt.Metric}") };
        table.AddColumns("Trial", tuner.Hyperopt.Metric, "Parameters");
        foreach (var t in ranked)
            table.AddRow(t.Number.ToString(CultureInfo.InvariantCulture), t.Value!.Value.ToString("0.0000", CultureInfo.InvariantCulture), Markup.Escape(TrialReporter.Values(tuner, t)));
        console.Write(table);
    }

    public static string Describe(Distribution distribution) => distribution switch
    {
        FloatDistribution f => string.Create(CultureInfo.InvariantCulture, $"{f.Low:G4} to {f.High:G4}{(f.Log ? ", log" : "")}{(f.Step is { } q ? $", step {q:G4}" : "")}"),
        IntDistribution i => string.Create(CultureInfo.InvariantCulture, $"integers {i.Low} to {i.High}{(i.Log ? ", log" : "")}{(i.Step != 1 ? $", step {i.Step}" : "")}"),
        CategoricalDistribution c => string.Join(" | ", c.Choices.Select(TrialReporter.Show)),
        _ => distribution.ToString(),
    };
}
