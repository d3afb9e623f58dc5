using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// The fixed sinusoidal position encoding of "Attention Is All You Need", as KerasHub's SinePositionEncoding: input
/// <c>(time steps, features)</c>, output the same shape holding, for position p and feature i, <c>sin(p · ω_i)</c> for
/// even i and <c>cos(p · ω_i)</c> for odd i, with <c>ω_i = maxWavelength^(−2⌊i/2⌋ / features)</c>. Add it to the
/// input with <see cref="Add"/>. Unlike <see cref="PositionEmbedding"/> it has no weights and takes any length.
/// </summary>
public sealed class SinePositionEncoding : Layer
{
    /// <summary>Creates the encoding.</summary>
    /// <param name="maxWavelength">The longest wavelength of the sines (10,000 in the paper).</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public SinePositionEncoding(double maxWavelength = 10_000, string? name = null) : base(name ?? DefaultName<SinePositionEncoding>())
    {
        MaxWavelength = LayerChecks.Positive(this, maxWavelength, nameof(maxWavelength));
    }

    internal SinePositionEncoding(LayerConfig config) : this(config.GetDouble("max_wavelength", 10_000), config.Name)
    {
    }

    /// <summary>The longest wavelength of the sines.</summary>
    public double MaxWavelength { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("max_wavelength", MaxWavelength);

    /// <summary>Creates no tensors: the plan is the output shape.</summary>
    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) => PlanWithoutTensors(inputs);

    /// <inheritdoc />
    protected override Shape Build(Shape input) =>
        input.Rank == 2 && input[1] >= 1
            ? input
            : throw LayerChecks.WrongInput(this, input, "(time steps, features) with a known number of features");

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (steps, features) = (input.shape[1], input.shape[2]);
        var positions = arange(steps, dtype: float64, device: input.device).unsqueeze(1);
        var index = arange(features, dtype: int64, device: input.device);
        var exponent = (index - index.remainder(2)).to(float64) / features;
        var angles = positions * (exponent * -Math.Log(MaxWavelength)).exp().unsqueeze(0);
        var odd = index.remainder(2).eq(1).unsqueeze(0);
        var encoding = where(odd, angles.cos(), angles.sin()).to(input.dtype);
        return encoding.unsqueeze(0).expand(input.shape[0], -1, -1).contiguous().MoveToOuterDisposeScope();
    }
}
