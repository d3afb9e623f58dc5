using static TorchSharp.torch;

namespace Lepton.Nn.Explanations;

/// <summary>How <see cref="IntegratedGradients"/> integrates: the number of steps, the baselines and the batch size.</summary>
public sealed class IntegratedGradientsOptions
{
    /// <summary>Points on the path from baseline to input (midpoint rule) on the first pass; rows that miss <see cref="Tolerance"/> get more.</summary>
    public int Steps { get; init; } = 50;

    /// <summary>
    /// How far a row's attributions may miss completeness, relative to its output change (or to 0.01 in the output's
    /// units when the change is smaller): a row missing by more is integrated again with twice the steps.
    /// </summary>
    public double Tolerance { get; init; } = 0.01;

    /// <summary>The most steps a row is integrated with when refining; rows still missing the tolerance then show it in <see cref="Attributions.Delta"/>.</summary>
    public int MaxSteps { get; init; } = 800;

    /// <summary>
    /// One baseline per model input, each one row's shape (or [1, …]); null for zeros. For scaled table features zeros
    /// are the training means; for images, black.
    /// </summary>
    public IReadOnlyList<Tensor>? Baselines { get; init; }

    /// <summary>Interpolated rows per forward and backward pass (rows × steps), bounding memory.</summary>
    public int BatchRows { get; init; } = 2048;
}
