using static TorchSharp.torch;

namespace Lepton.Nn.Explanations;

/// <summary>
/// What <see cref="IntegratedGradients"/> found: per model input, a tensor of attributions shaped like the input (one
/// per token for token ids; null for integer inputs held fixed), and per row the explained output at the input and at
/// the baseline.
/// Owns its tensors: dispose it.
/// </summary>
public sealed class Attributions : IDisposable
{
    internal Attributions(IReadOnlyList<Tensor?> values, IReadOnlyList<double> outputs, IReadOnlyList<double> baselineOutputs, IReadOnlyList<long> targets)
    {
        Values = values;
        Outputs = outputs;
        BaselineOutputs = baselineOutputs;
        Targets = targets;
    }

    /// <summary>Per model input, the attributions (same shape as the input), or null for an integer input no embedding reads.</summary>
    public IReadOnlyList<Tensor?> Values { get; }

    /// <summary>Per row, the explained output (probability of <see cref="Targets"/>, or the value) at the input.</summary>
    public IReadOnlyList<double> Outputs { get; }

    /// <summary>Per row, the explained output at the baseline.</summary>
    public IReadOnlyList<double> BaselineOutputs { get; }

    /// <summary>Per row, the output (class) explained.</summary>
    public IReadOnlyList<long> Targets { get; }

    /// <summary>
    /// Per row, the sum of its attributions over every input minus (output − baseline output): zero for an exact
    /// integral, so its size against the difference says how far to trust the attributions (raise the steps if large).
    /// </summary>
    public double[] Delta()
    {
        var sums = IntegratedGradients.RowSums(Values);
        return [.. sums.Select((s, r) => s - (Outputs[r] - BaselineOutputs[r]))];
    }

    /// <summary>
    /// Per row, whether its attributions add up to its output change within <paramref name="tolerance"/> of that change
    /// (or of 0.01 in the output's units when the change is smaller): the completeness rule integrated gradients refines
    /// rows by.
    /// </summary>
    public bool[] Complete(double tolerance = 0.01)
    {
        var delta = Delta();
        return [.. delta.Select((d, r) => Math.Abs(d) <= tolerance * Math.Max(Math.Abs(Outputs[r] - BaselineOutputs[r]), 1e-2))];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var v in Values) v?.Dispose();
    }
}
