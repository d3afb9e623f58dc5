using Lepton.Training.Automatic;
using Lepton.Training.Specs;

namespace Lepton.Cli.Commands.Training;

/// <summary>
/// What <c>lepton train</c> and <c>lepton experiment</c> do with their first argument: a table, or a training spec
/// (<c>.yaml</c>/<c>.yml</c>) whose table is its <c>data:</c> key unless <c>--data</c> names another (Ludwig's <c>--dataset</c>).
/// </summary>
internal static class SpecInput
{
    public static bool IsSpec(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The spec (null for a table) and the table's path.</summary>
    public static (TrainingSpec? Spec, string Data) Resolve(string argument, string? data)
    {
        if (!IsSpec(argument))
        {
            if (data is not null) throw new CliException($"--data {data}: --data goes with a spec (spec.yaml); '{argument}' is already the table.");
            return (null, argument);
        }
        if (!File.Exists(argument)) throw new CliException($"{argument}: no such spec file.");
        TrainingSpec spec;
        try
        {
            spec = TrainingSpec.Load(argument);
        }
        catch (TrainingException e)
        {
            throw new CliException(e.Message);
        }
        var table = data ?? CatalogName(spec.DataPath, argument) ?? spec.DataPath
            ?? throw new CliException($"{argument} names no table: add 'data: FILE' to it or give --data FILE.");
        return (spec, table);
    }

    /// <summary>A bare name in <c>data:</c> (<c>data: iris</c>) when no file or folder of that name is beside the spec: the catalog dataset (resolved by <see cref="DataInput"/>).</summary>
    private static string? CatalogName(string? dataPath, string specPath) =>
        dataPath is not null && !File.Exists(dataPath) && !Directory.Exists(dataPath)
            && Path.GetDirectoryName(dataPath) == Path.GetDirectoryName(Path.GetFullPath(specPath))
            ? Path.GetFileName(dataPath)
            : null;

    /// <summary>The trainer's plan for a spec, its errors as one-line CLI errors.</summary>
    public static TrainingPlan Plan(TableTrainer trainer, Lepton.Data.Tables.Table table, TrainingSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            return trainer.PlanFromSpec(table, spec, cancellationToken);
        }
        catch (TrainingException e)
        {
            throw new CliException(e.Message);
        }
    }
}
