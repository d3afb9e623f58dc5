using Lepton.Data.Tables;
using Lepton.Training.Features;
using Table = Lepton.Data.Tables.Table;

namespace Lepton.Cli.Commands.Training;

/// <summary>What <c>lepton train</c> and <c>lepton experiment</c> read the same way: the table and the --task flag.</summary>
internal static class TrainingInput
{
    /// <summary>The table, or a one-line error in the CLI's flags (not C# option names) when it cannot be read.</summary>
    public static async Task<Table> ReadAsync(string path, TableReadOptions reading, CancellationToken cancellationToken)
    {
        try
        {
            return await Table.ReadAsync(path, reading, cancellationToken);
        }
        catch (TableReadException e)
        {
            throw new CliException(DataReadOptions.Describe(e));
        }
    }

    /// <summary>The task --task names; null for auto.</summary>
    public static TrainingTask? TaskOf(string? name) =>
        name switch { "classification" => TrainingTask.Classification, "regression" => TrainingTask.Regression, _ => null };
}
