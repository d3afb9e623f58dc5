using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Nn.Callbacks;

/// <summary>A copy of a model's weights and buffers on the CPU, to restore later.</summary>
internal sealed class WeightSnapshot : IDisposable
{
    private readonly Dictionary<string, Tensor> _tensors;

    private WeightSnapshot(Dictionary<string, Tensor> tensors) => _tensors = tensors;

    public static WeightSnapshot Take(Model model)
    {
        using var noGrad = no_grad();
        var copy = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, value) in model.state_dict())
            copy[name] = value.detach().cpu().clone().DetachFromDisposeScope();
        return new WeightSnapshot(copy);
    }

    public void RestoreInto(Model model)
    {
        using var noGrad = no_grad();
        foreach (var (name, value) in model.state_dict())
        {
            if (_tensors.TryGetValue(name, out var saved)) value.copy_(saved);
        }
    }

    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
        _tensors.Clear();
    }
}
