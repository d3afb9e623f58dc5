namespace Lepton.Nn.Layers;

/// <summary>
/// A placeholder for data flowing through a functional model: it knows its shape and which layer made it
/// from which inputs, not any values (Keras's KerasTensor).
/// </summary>
public class SymbolicTensor
{
    internal SymbolicTensor(Shape shape, Layer? layer, IReadOnlyList<SymbolicTensor> inbound)
    {
        Shape = shape;
        Layer = layer;
        Inbound = inbound;
    }

    /// <summary>The shape of one example, without the batch dimension.</summary>
    public Shape Shape { get; }

    /// <summary>The layer that produces this tensor; null for a model input.</summary>
    internal Layer? Layer { get; }

    /// <summary>The tensors the producing layer reads.</summary>
    internal IReadOnlyList<SymbolicTensor> Inbound { get; }

    /// <inheritdoc />
    public override string ToString() => $"SymbolicTensor{Shape.ToBatchString()} from {(Layer is null ? "input" : $"'{Layer.Name}'")}";
}
