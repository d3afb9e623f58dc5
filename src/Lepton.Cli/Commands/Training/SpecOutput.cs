using Lepton.Training.Automatic;
using Lepton.Training.Specs;
using Spectre.Console;

namespace Lepton.Cli.Commands.Training;

/// <summary><c>lepton train --render-config</c> and <c>--save-spec</c>: a spec printed or written as YAML.</summary>
internal static class SpecOutput
{
    /// <summary>Prints the plan's spec, every default filled in, as plain YAML (so it can be redirected to a file).</summary>
    public static int Render(IAnsiConsole console, TrainingPlan plan)
    {
        console.Profile.Out.Writer.Write(plan.Spec!.ToYaml());
        console.Profile.Out.Writer.Flush();
        return ExitCodes.Success;
    }

    /// <summary>Writes the spec that trains this model again (the plan's own spec filled in, or what the automatic mode chose), its data: relative to the file.</summary>
    public static void Save(IAnsiConsole console, TableTrainingResult trained, string data, string path)
    {
        var spec = TrainingSpec.From(trained, data, Path.GetDirectoryName(Path.GetFullPath(path)));
        spec.Save(path);
        console.MarkupLineInterpolated($"Saved the spec to [bold]{path}[/]: edit it and train again with 'lepton train {path}'.");
        if (trained.Plan.Spec is null && TrainingSpec.FamilyOf(trained) != trained.Kept)
            console.MarkupLineInterpolated($"[yellow]The kept model ({trained.Kept}) cannot be written as a spec: it describes the best single candidate that can, {TrainingSpec.FamilyOf(trained)}.[/]");
    }
}
