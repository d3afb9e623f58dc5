namespace Lepton.Nn.Layers;

/// <summary>
/// What building a layer for given input shapes would give, worked out without building it: the output shape,
/// and each tensor it would create (named as in its state_dict). A model file's architecture is checked against
/// its weights with these before any tensor is allocated.
/// </summary>
internal sealed record LayerPlan(Shape Output, IReadOnlyList<PlannedTensor> Tensors)
{
    /// <summary>The plan of a layer that creates no tensors.</summary>
    public static LayerPlan WithoutTensors(Shape output) => new(output, []);
}
