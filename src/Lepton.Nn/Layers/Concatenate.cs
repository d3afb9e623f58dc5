using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// Joins two or more inputs along one axis. The axis counts in the example's shape, without the batch
/// dimension: for inputs <c>(8, 5, 5)</c> and <c>(4, 5, 5)</c>, axis 0 (or -3) gives <c>(12, 5, 5)</c>; the
/// default, -1, joins feature vectors <c>(16)</c> and <c>(4)</c> into <c>(20)</c>. The other dimensions must match.
/// </summary>
public sealed class Concatenate : Layer
{
    /// <summary>Creates a concatenate layer; apply it to its inputs with <c>Apply(a, b)</c>.</summary>
    /// <param name="axis">The example axis to join along (batch excluded); negative counts from the end.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public Concatenate(int axis = -1, string? name = null) : base(name ?? DefaultName<Concatenate>())
    {
        Axis = axis;
    }

    internal Concatenate(LayerConfig config) : this(config.GetInt("axis", -1), config.Name)
    {
    }

    /// <summary>The example axis joined along (batch excluded); negative counts from the end.</summary>
    public int Axis { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("axis", Axis);

    /// <inheritdoc />
    protected override bool TakesMultipleInputs => true;

    /// <summary>Creates no tensors: the plan is the output shape.</summary>
    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) => PlanWithoutTensors(inputs);

    /// <inheritdoc />
    protected override Shape BuildMany(IReadOnlyList<Shape> inputs)
    {
        if (inputs.Count < 2)
            throw new ShapeMismatchException($"{LayerChecks.Describe(this)} joins at least two inputs, but was given {inputs.Count}: [{string.Join(", ", inputs.Select(s => s.ToBatchString()))}].");
        var rank = inputs[0].Rank;
        var axis = Axis < 0 ? rank + Axis : Axis;
        if (rank == 0 || axis < 0 || axis >= rank)
            throw new ShapeMismatchException(
                $"{LayerChecks.Describe(this)}: axis {Axis} does not exist in input of shape {inputs[0].ToBatchString()} (the axis counts without the batch dimension).");

        var dims = inputs[0].Dimensions;
        foreach (var shape in inputs.Skip(1))
        {
            var fits = shape.Rank == rank;
            for (var i = 0; fits && i < rank; i++)
            {
                if (i == axis) continue;
                fits = dims[i] == -1 || shape[i] == -1 || dims[i] == shape[i];
                if (dims[i] == -1) dims[i] = shape[i];
            }
            if (!fits)
                throw new ShapeMismatchException(
                    $"{LayerChecks.Describe(this)} needs inputs that match on every axis but {Axis}, but got [{string.Join(", ", inputs.Select(s => s.ToBatchString()))}].");
            dims[axis] = dims[axis] == -1 || shape[axis] == -1 ? -1 : dims[axis] + shape[axis];
        }
        return new Shape(dims);
    }

    /// <inheritdoc />
    protected override Tensor CallMany(IReadOnlyList<Tensor> inputs)
    {
        // Tensor dims include the batch, so a non-negative example axis moves one to the right.
        var dim = Axis < 0 ? Axis : Axis + 1;
        return cat(inputs as IList<Tensor> ?? inputs.ToList(), dim);
    }
}
