using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// Averages a sequence over its time steps: input <c>(time steps, features)</c>, output <c>(features)</c>. Applied to
/// two inputs, the sequence and the token ids it came from <c>(time steps)</c>, the steps whose id is 0 (padding) are
/// left out of the average, as Keras's GlobalAveragePooling1D does with an embedding's mask.
/// </summary>
public sealed class GlobalAveragePool1D : Layer
{
    /// <summary>Creates a global average-pooling layer for sequences; apply it to the sequence, or to the sequence and its ids.</summary>
    public GlobalAveragePool1D(string? name = null) : base(name ?? DefaultName<GlobalAveragePool1D>())
    {
    }

    internal GlobalAveragePool1D(LayerConfig config) : this(config.Name)
    {
    }

    /// <inheritdoc />
    protected override bool TakesMultipleInputs => true;

    /// <summary>Creates no tensors: the plan is the output shape.</summary>
    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) => PlanWithoutTensors(inputs);

    /// <inheritdoc />
    protected override Shape BuildMany(IReadOnlyList<Shape> inputs)
    {
        if (inputs.Count is < 1 or > 2)
            throw new ShapeMismatchException($"{LayerChecks.Describe(this)} takes a sequence, or a sequence and its ids, but was given {inputs.Count} inputs.");
        var sequence = inputs[0];
        if (sequence.Rank != 2) throw LayerChecks.WrongInput(this, sequence, "(time steps, features)");
        if (inputs.Count == 2 && (inputs[1].Rank != 1 || (inputs[1][0] != sequence[0] && inputs[1][0] != -1 && sequence[0] != -1)))
            throw new ShapeMismatchException(
                $"{LayerChecks.Describe(this)}: the ids {inputs[1].ToBatchString()} must be one per time step of the sequence {sequence.ToBatchString()}.");
        return new Shape(sequence[1]);
    }

    /// <inheritdoc />
    protected override Tensor CallMany(IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count == 1) return inputs[0].mean([1]);
        using var scope = NewDisposeScope();
        var mask = inputs[1].ne(0).to(inputs[0].dtype).unsqueeze(-1);
        var sum = (inputs[0] * mask).sum(1);
        var steps = mask.sum(1).clamp_min(1);
        return (sum / steps).MoveToOuterDisposeScope();
    }
}
