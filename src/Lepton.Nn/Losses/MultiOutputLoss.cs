using static TorchSharp.torch;

namespace Lepton.Nn.Losses;

/// <summary>
/// The loss of a multi-task model whose output holds one head per target side by side: a head of width 1 predicts a
/// value (squared error), a head of width k ≥ 2 gives k class logits (cross-entropy). The targets hold one column per
/// head (the value, or the class index as a number); every head's loss counts equally.
/// </summary>
public sealed class MultiOutputLoss : Loss
{
    /// <summary>A loss over heads of these widths, in output order.</summary>
    /// <exception cref="ArgumentException">No head is given, or a width is below 1.</exception>
    public MultiOutputLoss(IReadOnlyList<int> widths)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count == 0 || widths.Any(w => w < 1)) throw new ArgumentException("Give every head's width: 1 for a value, the number of classes for a class.", nameof(widths));
        Widths = widths.ToArray();
    }

    /// <summary>Each head's width: 1 for a value, the number of classes for a class.</summary>
    public IReadOnlyList<int> Widths { get; }

    /// <inheritdoc />
    public override string Name => "multi_output";

    /// <inheritdoc />
    public override bool FromLogits => true;

    /// <inheritdoc />
    public override Tensor Compute(Tensor predictions, Tensor targets)
    {
        var width = Widths.Sum();
        if (predictions.dim() != 2 || predictions.shape[1] != width || targets.dim() != 2 || targets.shape[1] != Widths.Count || targets.shape[0] != predictions.shape[0])
            throw new ArgumentException(
                $"multi_output expects predictions of shape (batch, {width}) and targets of shape (batch, {Widths.Count}), not ({string.Join(", ", predictions.shape)}) and ({string.Join(", ", targets.shape)}).");
        var parts = new Tensor[Widths.Count];
        long offset = 0;
        for (var i = 0; i < Widths.Count; i++)
        {
            var head = predictions.narrow(1, offset, Widths[i]);
            var target = targets.select(1, i);
            parts[i] = Widths[i] == 1
                ? (head.squeeze(1) - target.to(head.dtype)).square()
                : nn.functional.cross_entropy(head, target.to(ScalarType.Int64), reduction: nn.Reduction.None);
            offset += Widths[i];
        }
        return stack(parts, 1);
    }

    /// <inheritdoc />
    public override Tensor ToProbabilities(Tensor predictions)
    {
        var parts = new Tensor[Widths.Count];
        long offset = 0;
        for (var i = 0; i < Widths.Count; i++)
        {
            var head = predictions.narrow(-1, offset, Widths[i]);
            parts[i] = Widths[i] == 1 ? head.alias() : head.softmax(-1);
            offset += Widths[i];
        }
        return cat(parts, -1);
    }
}
