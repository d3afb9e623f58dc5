using Lepton.Data;
using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Training.Trees;

/// <summary>
/// A dataset as LightGBM reads it: rows of features (NaN where a value is missing), copied out of the dataset a
/// chunk at a time as LightGBM's dataset is filled (no copy of the whole matrix), and every row's target, read
/// once and checked against the task so a bad target is named by its row.
/// </summary>
internal sealed class TreeRows
{
    /// <summary>Rows copied out of the dataset at a time.</summary>
    public const int ChunkRows = 8192;

    private readonly Dataset data;

    private TreeRows(Dataset data, float[] labels, int featureCount)
    {
        this.data = data;
        Labels = labels;
        FeatureCount = featureCount;
    }

    public float[] Labels { get; }
    public int FeatureCount { get; }
    public int Count => Labels.Length;

    /// <summary>Copies the features of rows <paramref name="start"/>…<paramref name="start"/>+<paramref name="count"/>−1, row after row, into <paramref name="destination"/>.</summary>
    public void CopyFeatures(int start, int count, float[] destination)
    {
        var indices = Enumerable.Range(start, count).ToArray();
        using var scope = NewDisposeScope();
        using var batch = data.GetBatch(indices);
        batch.Inputs[0].to_type(ScalarType.Float32).cpu().contiguous().data<float>().CopyTo(destination, 0);
    }

    /// <summary>Copies the features of the rows at <paramref name="indices"/>, row after row, into <paramref name="destination"/>.</summary>
    public void CopyFeatures(ReadOnlySpan<int> indices, Span<float> destination)
    {
        using var scope = NewDisposeScope();
        using var batch = data.GetBatch(indices);
        batch.Inputs[0].to_type(ScalarType.Float32).cpu().contiguous().data<float>().CopyTo(destination);
    }

    public static TreeRows Read(Dataset data, TreeObjective objective, string what)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputShapes.Count != 1 || data.InputShapes[0].Rank != 1 || data.InputShapes[0][0] < 1)
            throw new ArgumentException($"The {what} must have one input of shape (features), a row of numbers per example, but its inputs are [{string.Join(", ", data.InputShapes.Select(s => s.ToBatchString()))}].");
        if (data.TargetShape is not { } target || target.Rank > 1 || (target.Rank == 1 && target[0] != 1))
            throw new ArgumentException($"The {what} needs one target per example (a class index or a value), but its target shape is {data.TargetShape?.ToBatchString() ?? "none"}.");
        if (data.Count == 0) throw new ArgumentException($"The {what} is empty.");
        var featureCount = (int)data.InputShapes[0][0];

        var labels = new float[data.Count];
        for (var start = 0; start < data.Count; start += ChunkRows)
        {
            var count = Math.Min(ChunkRows, data.Count - start);
            var indices = Enumerable.Range(start, count).ToArray();
            using var scope = NewDisposeScope();
            using var batch = data.GetBatch(indices);
            batch.Target!.to_type(ScalarType.Float32).cpu().contiguous().reshape(-1).data<float>().CopyTo(labels, start);
        }
        for (var row = 0; row < labels.Length; row++)
        {
            if (LabelProblem(labels[row], objective) is { } problem) throw new ArgumentException($"Row {row} of the {what} {problem}.");
        }
        return new TreeRows(data, labels, featureCount);
    }

    private static string? LabelProblem(float label, TreeObjective objective)
    {
        if (float.IsNaN(label)) return "has no target (NaN): drop rows without a target before training";
        return objective switch
        {
            TreeObjective.Binary when label is not (0f or 1f) => $"has the target {label}, but a binary target is 0 or 1",
            TreeObjective.Multiclass when label < 0 || label != MathF.Floor(label) || label >= 1_000_000 => $"has the target {label}, but a class target is a class index (0, 1, 2, …)",
            TreeObjective.Regression when !float.IsFinite(label) => $"has the target {label}, but a regression target is a finite number",
            _ => null,
        };
    }
}
