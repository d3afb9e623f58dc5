using Lepton.Nn.Losses;
using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>
/// The fraction of examples whose true class is among the <see cref="K"/> highest-scoring classes. One type
/// covers both of Keras's layouts, told apart by shape as <see cref="Accuracy"/> does: class-index targets
/// <c>(N, …)</c> (Keras's <c>sparse_top_k_categorical_accuracy</c>) and one-hot targets <c>(N, …, C)</c>
/// (<c>top_k_categorical_accuracy</c>, whose true class is the argmax). Named <c>top_{k}_accuracy</c>
/// (<c>top_5_accuracy</c>), so metrics with different k never share a name in History.
/// </summary>
/// <remarks>A class tied with the k-th score counts as within the top k (as TensorFlow's <c>in_top_k</c>).</remarks>
public sealed class TopKAccuracy(int k = 5) : Metric
{
    private long _correct;
    private long _total;

    /// <inheritdoc />
    public override string Name => $"top_{K}_accuracy";

    /// <inheritdoc />
    public override MetricDirection Direction => MetricDirection.Maximize;

    /// <summary>How many of the best-scoring classes may hold the true class.</summary>
    public int K { get; } = k > 0 ? k : throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");

    /// <inheritdoc />
    public override void Reset() => (_correct, _total) = (0, 0);

    /// <inheritdoc />
    public override void Update(Tensor outputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var o = outputs.shape;
        var t = targets.shape;
        var classes = o[^1];
        Tensor truth;
        if (o.Length == t.Length + 1 && o.AsSpan(0, t.Length).SequenceEqual(t)) truth = targets.to(ScalarType.Int64);
        else if (o.SequenceEqual(t) && o.Length > 1) truth = targets.argmax(-1);
        else
            throw new ShapeMismatchException(
                $"{Name}: outputs of shape {ElementwiseShapes.Format(o)} do not fit targets of shape {ElementwiseShapes.Format(t)}: expected class indices of shape {ElementwiseShapes.Format(o.AsSpan(0, o.Length - 1))} or one-hot targets of the outputs' shape.");

        var index = truth.reshape(-1, 1);
        if (index.numel() == 0) return;
        if (index.min().item<long>() < 0 || index.max().item<long>() >= classes)
            throw new ArgumentException($"{Name}: the targets hold class indices outside 0 to {classes - 1}, but the outputs have {classes} classes.");
        var scores = outputs.reshape(-1, classes);
        var trueScore = scores.gather(1, index);
        var better = scores.gt(trueScore).sum(1);
        _correct += better.lt(K).sum().item<long>();
        _total += index.shape[0];
    }

    /// <summary>The fraction so far (0 before any data, as <see cref="Accuracy"/>).</summary>
    public override double Result() => _total == 0 ? 0 : (double)_correct / _total;

    /// <inheritdoc />
    public override Metric Clone() => new TopKAccuracy(K);
}
