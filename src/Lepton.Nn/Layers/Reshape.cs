using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// Gives each example a new shape with the same number of elements: <c>Reshape([4, -1])</c> turns <c>(12)</c>
/// into <c>(4, 3)</c>. At most one dimension may be -1, meaning "whatever the rest leaves". The batch dimension stays.
/// </summary>
public sealed class Reshape : Layer
{
    /// <summary>Creates a reshape to <paramref name="targetShape"/> (no batch dimension; at most one -1).</summary>
    public Reshape(long[] targetShape, string? name = null) : base(name ?? DefaultName<Reshape>())
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        if (targetShape.Any(d => d == 0 || d < -1) || targetShape.Count(d => d == -1) > 1)
            throw new ArgumentException(
                $"{LayerChecks.Describe(this)}: the target shape ({string.Join(", ", targetShape)}) must have positive dimensions and at most one -1.", nameof(targetShape));
        if (LayerLimits.ShapeProblem(targetShape) is { } problem)
            throw new ArgumentException($"{LayerChecks.Describe(this)}: the target shape ({string.Join(", ", targetShape)}) {problem}.", nameof(targetShape));
        TargetShape = new Shape(targetShape);
    }

    internal Reshape(LayerConfig config) : this(config.GetLongs("target_shape"), config.Name)
    {
    }

    /// <summary>The shape asked for, possibly with one -1.</summary>
    public Shape TargetShape { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("target_shape", TargetShape);

    /// <summary>Creates no tensors: the plan is the output shape.</summary>
    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) => PlanWithoutTensors(inputs);

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        if (!input.IsFullyKnown) return TargetShape;
        var count = input.ElementCount;
        var dims = TargetShape.Dimensions;
        var known = dims.Where(d => d > 0).Aggregate(1L, (a, b) => a * b);
        var unknown = Array.IndexOf(dims, -1L);
        if (unknown < 0 ? known != count : count % known != 0)
            throw new ShapeMismatchException(
                $"{LayerChecks.Describe(this)} cannot reshape input of shape {input.ToBatchString()} ({count} elements) to ({string.Join(", ", dims)}).");
        if (unknown >= 0) dims[unknown] = count / known;
        return new Shape(dims);
    }

    /// <inheritdoc />
    protected override Tensor Call(Tensor input) => input.reshape(TargetShape.WithBatch(input.shape[0]));
}
