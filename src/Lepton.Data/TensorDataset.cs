using TorchSharp;

namespace Lepton.Data;

/// <summary>
/// Examples held in memory as tensors whose first dimension indexes the examples. Batches are gathered with
/// one indexed copy per tensor, so batching costs next to nothing.
/// </summary>
public sealed class TensorDataset : Dataset, IDisposable
{
    static TensorDataset() => NativeInitializer.Run();

    private readonly torch.Tensor[] _inputs;
    private readonly torch.Tensor? _target;
    private readonly IReadOnlyList<string>? _classNames;

    /// <summary>A dataset with one input. The dataset takes ownership of the tensors.</summary>
    public TensorDataset(torch.Tensor input, torch.Tensor? target, IReadOnlyList<string>? classNames = null)
        : this([input], target, classNames)
    {
    }

    /// <summary>A dataset with several inputs (a multi-input model). The dataset takes ownership of the tensors.</summary>
    public TensorDataset(IReadOnlyList<torch.Tensor> inputs, torch.Tensor? target, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) throw new ArgumentException("A dataset needs at least one input tensor.", nameof(inputs));
        var count = inputs[0].shape.Length == 0 ? -1 : inputs[0].shape[0];
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].shape.Length == 0 || inputs[i].shape[0] != count)
                throw new ArgumentException(
                    $"Input {i} has shape [{string.Join(", ", inputs[i].shape)}] but input 0 has {count} examples: every input needs the example count as its first dimension.",
                    nameof(inputs));
        }
        if (target is not null && (target.shape.Length == 0 || target.shape[0] != count))
            throw new ArgumentException(
                $"The target has shape [{string.Join(", ", target.shape)}] but the inputs hold {count} examples: the first dimensions must match.",
                nameof(target));

        _inputs = inputs.Select(t => t.DetachFromDisposeScope()).ToArray();
        _target = target?.DetachFromDisposeScope();
        _classNames = classNames;
        Count = checked((int)count);
        InputShapes = _inputs.Select(t => Shape.FromBatched(t.shape)).ToArray();
        TargetShape = _target is null ? null : Shape.FromBatched(_target.shape);
    }

    /// <summary>Builds a dataset from a flat row-major array of features and integer class labels.</summary>
    public static TensorDataset FromArrays(float[] features, Shape exampleShape, long[] labels, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(exampleShape);
        ArgumentNullException.ThrowIfNull(labels);
        var per = exampleShape.ElementCount;
        if (features.LongLength != per * labels.LongLength)
            throw new ArgumentException(
                $"{features.LongLength} feature values do not make {labels.LongLength} examples of shape {exampleShape} ({per} values each).",
                nameof(features));
        return new TensorDataset(torch.tensor(features, exampleShape.WithBatch(labels.LongLength)), torch.tensor(labels), classNames);
    }

    /// <inheritdoc />
    public override int Count { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Shape> InputShapes { get; }

    /// <inheritdoc />
    public override Shape? TargetShape { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string>? ClassNames => _classNames;

    /// <inheritdoc />
    public override bool IsInMemory => true;

    /// <summary>The tensors behind input <paramref name="index"/>, for code that wants them whole.</summary>
    public torch.Tensor Input(int index = 0) => _inputs[index];

    /// <summary>The target tensor, or null.</summary>
    public torch.Tensor? Target => _target;

    /// <inheritdoc />
    public override Batch GetBatch(ReadOnlySpan<int> indices)
    {
        CheckIndices(indices);
        using var scope = torch.NewDisposeScope();
        var index = torch.tensor(indices.ToArray().Select(i => (long)i).ToArray());
        var inputs = _inputs.Select(t => t.index_select(0, index).MoveToOuterDisposeScope()).ToList();
        var target = _target?.index_select(0, index).MoveToOuterDisposeScope();
        return new Batch(inputs, target);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _inputs) t.Dispose();
        _target?.Dispose();
    }
}
