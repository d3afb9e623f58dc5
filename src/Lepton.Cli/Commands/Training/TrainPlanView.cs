using System.Globalization;
using Lepton.Training.Automatic;
using Lepton.Training.Features;
using Spectre.Console;
using TableColumn = Spectre.Console.TableColumn;

namespace Lepton.Cli.Commands.Training;

/// <summary>Draws a training plan (a table of columns, roles and preprocessing, then task, split, metric, candidates) and what training found.</summary>
internal static class TrainPlanView
{
    public static void Write(IAnsiConsole console, TrainingPlan plan)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Plan[/]");
        table.AddColumn("Column");
        table.AddColumn("Kind");
        table.AddColumn("Role");
        table.AddColumn("Preprocessing / reason");
        foreach (var column in plan.Columns)
        {
            var role = column.Role switch
            {
                FeatureRole.Dropped => "[grey]dropped[/]",
                FeatureRole.Target => "[bold]target[/]",
                var other => other.ToString().ToLowerInvariant(),
            };
            var detail = column.IsFeature ? column.Preprocessing : column.Reason;
            table.AddRow(Markup.Escape(column.Name), column.Kind.ToString().ToLowerInvariant(), role, Markup.Escape(detail));
        }
        console.Write(table);
        var task = plan.Task == TrainingTask.Classification ? $"classification into {plan.ClassNames.Count} classes" : "regression";
        console.MarkupLineInterpolated($"Task: [bold]{task}[/] ({plan.TaskReason})");
        if (plan.MissingTargetRows > 0)
            console.MarkupLineInterpolated($"[yellow]{plan.MissingTargetRows:N0} rows have no '{plan.Target}': they are left out of training and testing.[/]");
        console.MarkupLineInterpolated($"Split: {plan.Split}; the preprocessing is fitted on the training rows only");
        console.MarkupLineInterpolated($"Candidates: {string.Join(", ", plan.Options.Candidates)}, kept by validation {plan.Metric}, within {plan.Options.TimeLimit}");
        var searched = plan.Options.Candidates.Intersect(TableTrainingOptions.SearchedCandidates).ToList();
        if (plan.Spec is null && plan.Options.SearchTrials > 0 && searched.Count > 0)
            console.MarkupLineInterpolated($"Then a search (TPE) of {string.Join(" and ", searched)} settings in the time left, up to {plan.Options.SearchTrials} trials; a tuned model is kept only if it beats its default by more than the noise");
    }

    public static void WriteResults(IAnsiConsole console, TableTrainingResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Candidates[/]");
        table.AddColumn("Candidate");
        table.AddColumn(new TableColumn($"Validation {result.Plan.Metric}").RightAligned());
        table.AddColumn(new TableColumn("Time").RightAligned());
        table.AddColumn("");
        foreach (var trial in result.Trials)
        {
            var name = trial.Name == result.Kept ? $"[bold green]{trial.Name} (kept)[/]" : trial.Name;
            var score = trial.ValidationScore is { } s ? s.ToString("0.0000", CultureInfo.InvariantCulture) : "—";
            table.AddRow(name, score, trial.Duration.TotalSeconds.ToString("0.0s", CultureInfo.InvariantCulture), Markup.Escape(trial.Note));
        }
        console.Write(table);
        var metrics = string.Join("  ", result.TestMetrics.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}: [bold]{kv.Value:0.0000}[/]")));
        console.MarkupLine($"Test ({result.TestRows:N0} held-out rows): {metrics}");
    }
}
