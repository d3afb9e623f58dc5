using TorchSharp;

namespace Lepton.Data;

/// <summary>
/// A batch of examples: one tensor per model input (batch first) and the targets. The batch owns its tensors
/// and frees them when disposed.
/// </summary>
public sealed class Batch : IDisposable
{
    static Batch() => NativeInitializer.Run();

    /// <summary>Creates a batch that takes ownership of the given tensors.</summary>
    public Batch(IReadOnlyList<torch.Tensor> inputs, torch.Tensor? target)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) throw new ArgumentException("A batch needs at least one input tensor.", nameof(inputs));
        Inputs = inputs;
        Target = target;
    }

    /// <summary>One tensor per model input, batch dimension first.</summary>
    public IReadOnlyList<torch.Tensor> Inputs { get; }

    /// <summary>The targets, batch dimension first; null when the data has no labels.</summary>
    public torch.Tensor? Target { get; }

    /// <summary>The number of examples.</summary>
    public int Count => (int)Inputs[0].shape[0];

    /// <summary>Moves every tensor to <paramref name="device"/>, returning a new batch (this one is disposed).</summary>
    public Batch To(torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        // torch.Device has no value equality: compare type and index, or every call would rebuild the batch.
        if (Inputs[0].device_type == device.type && Inputs[0].device_index == device.index) return this;
        var moved = new Batch(Inputs.Select(t => t.to(device)).ToList(), Target?.to(device));
        Dispose();
        return moved;
    }

    /// <summary>Takes the tensors out of any dispose scope so the batch can cross threads.</summary>
    internal Batch Detached()
    {
        foreach (var input in Inputs) input.DetachFromDisposeScope();
        Target?.DetachFromDisposeScope();
        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var input in Inputs) input.Dispose();
        Target?.Dispose();
    }
}
