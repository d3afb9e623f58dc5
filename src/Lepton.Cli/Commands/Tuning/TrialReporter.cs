using System.Globalization;
using Lepton.Tuning;
using Lepton.Training.Tuning;
using Lepton.Tuning.Studies;
using Spectre.Console;

namespace Lepton.Cli.Commands.Tuning;

/// <summary>Prints a line per finished trial: its number, state, value, parameters, time, and the best value so far.</summary>
internal sealed class TrialReporter(IAnsiConsole console, SpecTuner tuner, bool worker)
{
    private double? best;

    public void Report(TrialRecord trial)
    {
        var seconds = ((trial.Finished ?? trial.Heartbeat) - trial.Started).TotalSeconds;
        if (trial.State == TrialState.Complete && trial.Value is { } v && (best is null || (tuner.Direction == StudyDirection.Minimize ? v < best : v > best))) best = v;
        var value = trial.State switch
        {
            TrialState.Complete => string.Create(CultureInfo.InvariantCulture, $"{tuner.Hyperopt.Metric} {trial.Value:0.0000}"),
            TrialState.Pruned => string.Create(CultureInfo.InvariantCulture, $"pruned at step {trial.LastStep} ({trial.Value:0.0000})"),
            _ => $"failed: {trial.Error}",
        };
        var who = worker ? $"worker {Environment.ProcessId} · " : "";
        var bestText = best is { } b ? string.Create(CultureInfo.InvariantCulture, $"; best {b:0.0000}") : "";
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{who}trial {trial.Number,3} · {value} · {Values(tuner, trial)} ({seconds:0.0}s){bestText}")));
    }

    public static string Values(SpecTuner tuner, TrialRecord trial) =>
        string.Join(", ", trial.Parameters.Select(p => $"{p.Key}={Show(tuner.Space[p.Key].Distribution.ToValue(p.Value))}"));

    public static string Show(System.Text.Json.Nodes.JsonNode? value) =>
        value is System.Text.Json.Nodes.JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d.ToString("G4", CultureInfo.InvariantCulture)
            : value is System.Text.Json.Nodes.JsonValue text && text.GetValueKind() == System.Text.Json.JsonValueKind.String ? text.GetValue<string>()
            : value?.ToJsonString() ?? "null";
}
