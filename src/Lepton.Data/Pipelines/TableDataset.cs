using System.Text.Json.Nodes;
using Lepton.Data.Tables;
using TorchSharp;

namespace Lepton.Data.Pipelines;

/// <summary>
/// A table turned into examples for <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>: the pipeline's feature columns as
/// one float input of shape (features), the target as class indices (classification) or one number (regression),
/// and the <see cref="TablePreprocessing"/> that made them, which <c>Fit</c> stores in the model file so it reads raw
/// records. Holds its tensors in memory; dispose it to free them.
/// </summary>
public sealed class TableDataset : Dataset, IDisposable
{
    static TableDataset() => NativeInitializer.Run();

    private readonly TensorDataset examples;

    private TableDataset(TensorDataset examples, TablePreprocessing preprocessing, string target)
    {
        this.examples = examples;
        Preprocessing = preprocessing;
        Target = target;
    }

    /// <summary>The key of a model's preprocessing that names the target column it was trained to predict.</summary>
    public const string TargetKey = "target";

    /// <summary>Writes what a model trained on this dataset must carry: the pipeline, its features and the target's name.</summary>
    public void WriteTo(JsonObject preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        Preprocessing.WriteTo(preprocessing);
        preprocessing[TargetKey] = Target;
    }

    /// <summary>The fitted pipeline and feature columns the inputs came from.</summary>
    public TablePreprocessing Preprocessing { get; }

    /// <summary>The column the labels came from.</summary>
    public string Target { get; }

    /// <summary>The features, shape (rows, features); for a model of several inputs (<see cref="TablePreprocessing.InputSizes"/>), those of the first.</summary>
    public torch.Tensor Features => examples.Input();

    /// <summary>The model's inputs, one tensor (rows, size) per entry of <see cref="TablePreprocessing.InputSizes"/>.</summary>
    public IReadOnlyList<torch.Tensor> Inputs => [.. Enumerable.Range(0, Preprocessing.InputSizes.Count).Select(i => examples.Input(i))];

    /// <summary>The labels: int64 class indices, shape (rows); or float32 values, shape (rows, 1).</summary>
    public torch.Tensor Labels => examples.Target!;

    /// <inheritdoc/>
    public override int Count => examples.Count;

    /// <inheritdoc/>
    public override IReadOnlyList<Shape> InputShapes => examples.InputShapes;

    /// <inheritdoc/>
    public override Shape? TargetShape => examples.TargetShape;

    /// <inheritdoc/>
    public override IReadOnlyList<string>? ClassNames => examples.ClassNames;

    /// <inheritdoc/>
    public override bool IsInMemory => true;

    /// <summary>
    /// Applies the fitted pipeline to a raw table (one output row per input row) and takes its features and
    /// <paramref name="target"/>: class indices among <paramref name="classNames"/> when given (see
    /// <see cref="FeatureTensors.ClassNames"/>), else the target's numbers (regression).
    /// </summary>
    /// <exception cref="PipelineException">A column is missing, a feature or label is missing, or a label is not one of the classes.</exception>
    public static TableDataset FromTable(Table table, TablePreprocessing preprocessing, string target, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(preprocessing);
        using var result = preprocessing.Pipeline.Apply(table);
        return FromTransformed(result.Table, preprocessing, target, classNames);
    }

    /// <summary>
    /// Takes features and target from a table the pipeline has already transformed (the table <c>Pipeline.Fit</c>
    /// returns for the training rows, whose target encodings are cross-fitted).
    /// </summary>
    /// <exception cref="PipelineException">A feature column or the target is missing, or a value of either is.</exception>
    public static TableDataset FromTransformed(Table transformed, TablePreprocessing preprocessing, string target, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(transformed);
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentException.ThrowIfNullOrEmpty(target);
        if (!transformed.Columns.Any(c => c.Name == target))
            throw new PipelineException($"The table has no target column '{target}'. Its columns: {string.Join(", ", transformed.Columns.Select(c => c.Name))}.");
        var features = FeatureTensors.ToFeatureTensor(transformed, [.. preprocessing.Features]);
        torch.Tensor? labels = null;
        torch.Tensor[] inputs = [features];
        try
        {
            labels = classNames is null ? Values(transformed, target) : FeatureTensors.ToLabelTensor(transformed, target, classNames);
            if (preprocessing.InputSizes.Count > 1)
            {
                var views = features.split([.. preprocessing.InputSizes.Select(n => (long)n)], 1);
                inputs = views.Select(v => v.contiguous()).ToArray();
                foreach (var view in views) view.Dispose();
                features.Dispose();
            }
            return new TableDataset(new TensorDataset(inputs, labels, classNames), preprocessing, target);
        }
        catch
        {
            foreach (var input in inputs) input.Dispose();
            features.Dispose();
            labels?.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override Batch GetBatch(ReadOnlySpan<int> indices) => examples.GetBatch(indices);

    /// <summary>
    /// A dataset of the examples at <paramref name="positions"/> (0-based, in the order given) with the same
    /// preprocessing: copies of their rows of the tensors, which this dataset keeps. Splitting examples already in
    /// tensors this way copies no table.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A position is outside the dataset.</exception>
    public TableDataset Rows(IReadOnlyList<long> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        foreach (var position in positions)
        {
            if (position < 0 || position >= Count)
                throw new ArgumentOutOfRangeException(nameof(positions), position, $"Row {position} is outside the dataset of {Count} examples.");
        }
        using var scope = torch.NewDisposeScope();
        using var index = torch.tensor(positions.ToArray());
        var inputs = Enumerable.Range(0, Preprocessing.InputSizes.Count).Select(i => examples.Input(i).index_select(0, index).MoveToOuterDisposeScope()).ToList();
        var labels = examples.Target!.index_select(0, index).MoveToOuterDisposeScope();
        return new TableDataset(new TensorDataset(inputs, labels, examples.ClassNames), Preprocessing, Target);
    }

    /// <summary>Frees the tensors.</summary>
    public void Dispose() => examples.Dispose();

    private static torch.Tensor Values(Table table, string target)
    {
        var column = table.Column(target);
        if (!column.IsNumeric && column.Kind != ColumnKind.Boolean)
            throw new PipelineException($"The target '{target}' is {column.Kind}, not a number: give its class names to read it as classes.");
        var values = table.GetDoubles(target);
        var row = Array.FindIndex(values, v => v is null);
        if (row >= 0) throw new PipelineException($"Row {row} of the target '{target}' is missing; drop rows without a target first (Table.DropMissing).");
        return torch.tensor(values.Select(v => (float)v!.Value).ToArray(), [values.Length, 1], torch.float32);
    }
}
