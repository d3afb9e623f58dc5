using System.Text.Json;
using Lepton.Data.Splits;

namespace Lepton.Cli.Commands.Training;

/// <summary>
/// The fold assignment bench/training/prepare.py writes, <c>{"task", "target", "folds": [[test row positions], …]}</c>,
/// so Lepton and its peers are scored on the same rows: fold i tests on its positions and trains on every other row.
/// </summary>
internal sealed record FoldsFile(string? Task, string? Target, IReadOnlyList<long[]> TestFolds)
{
    public static FoldsFile Read(string path)
    {
        if (!File.Exists(path)) throw new CliException($"--folds-file {path}: no such file.");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (!root.TryGetProperty("folds", out var folds) || folds.ValueKind != JsonValueKind.Array)
                throw new CliException($"{path}: no \"folds\" array; expected {{\"task\", \"target\", \"folds\": [[test row positions], …]}}.");
            var test = folds.EnumerateArray().Select((fold, i) => fold.ValueKind == JsonValueKind.Array
                ? fold.EnumerateArray().Select(p => p.GetInt64()).ToArray()
                : throw new CliException($"{path}: fold {i + 1} is not an array of row positions.")).ToList();
            return new FoldsFile(Text(root, "task"), Text(root, "target"), test);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new CliException($"{path}: not a folds file ({e.Message}); expected {{\"task\", \"target\", \"folds\": [[test row positions], …]}}.");
        }
    }

    /// <summary>Each fold as training (every row not in it) and test positions, checked against the table's row count.</summary>
    public IReadOnlyList<SplitIndices> Splits(long rowCount, string path)
    {
        if (TestFolds.Count < 2) throw new CliException($"{path}: {TestFolds.Count} fold(s); cross-validation needs at least 2.");
        var owner = new Dictionary<long, int>();
        for (var f = 0; f < TestFolds.Count; f++)
        {
            if (TestFolds[f].Length == 0) throw new CliException($"{path}: fold {f + 1} has no rows.");
            foreach (var row in TestFolds[f])
            {
                if (row < 0 || row >= rowCount) throw new CliException($"{path}: fold {f + 1} names row {row}, but the table has {rowCount:N0} rows (positions start at 0).");
                if (!owner.TryAdd(row, f)) throw new CliException($"{path}: row {row} is in fold {owner[row] + 1} and in fold {f + 1}.");
            }
        }
        return TestFolds.Select(test =>
        {
            var held = test.ToHashSet();
            var train = Enumerable.Range(0, checked((int)rowCount)).Select(i => (long)i).Where(i => !held.Contains(i)).ToArray();
            return new SplitIndices(train, [.. test.Order()]);
        }).ToList();
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
