using static TorchSharp.torch;

namespace Lepton.Nn.Training;

/// <summary>
/// The running means, weighted by batch size, of the figures a training or test step returns: what Keras's
/// <c>Mean</c> trackers hold for a custom <c>train_step</c>, kept by the loop so a step only returns values.
/// </summary>
internal sealed class StepMeans
{
    private readonly Dictionary<string, (double Sum, long Count)> _sums = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Steps added so far.</summary>
    public int Steps { get; private set; }

    /// <summary>The mean of <c>loss</c> so far, else of the first figure the step returned; NaN before any.</summary>
    public double Loss => Mean(_sums.ContainsKey("loss") ? "loss" : _order.FirstOrDefault());

    /// <summary>Reads the step's figures (scalar tensors) and adds them, weighted by <paramref name="size"/>.</summary>
    /// <exception cref="InvalidOperationException">A figure is not one number, or not finite.</exception>
    public void Add(IReadOnlyDictionary<string, Tensor> figures, int size, int step, string stepName)
    {
        ArgumentNullException.ThrowIfNull(figures);
        foreach (var (name, tensor) in figures)
        {
            if (tensor is null || tensor.numel() != 1)
                throw new InvalidOperationException(
                    $"{stepName} returned '{name}' with shape [{(tensor is null ? "null" : string.Join(", ", tensor.shape))}] at step {step}; each figure it returns must be one number (a scalar tensor, e.g. loss.mean()).");
            var value = tensor.detach().cpu().to_type(ScalarType.Float64).item<double>();
            if (!double.IsFinite(value))
            {
                throw new InvalidOperationException(name == "loss"
                    ? $"The loss became {value} at epoch step {step}: lower the learning rate, clip gradients (ClipNorm) or check the data for NaN/∞."
                    : $"{stepName} returned '{name}' = {value} at epoch step {step}: lower the learning rate, clip gradients (ClipNorm) or check the data for NaN/∞.");
            }
            if (!_sums.TryGetValue(name, out var kept)) _order.Add(name);
            _sums[name] = (kept.Sum + value * size, kept.Count + size);
        }
        Steps++;
    }

    /// <summary>Every figure's mean so far, in the order the step first returned them.</summary>
    public Dictionary<string, double> Means()
    {
        var means = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in _order) means[name] = Mean(name);
        return means;
    }

    private double Mean(string? name) =>
        name is not null && _sums.TryGetValue(name, out var kept) && kept.Count > 0 ? kept.Sum / kept.Count : double.NaN;
}
