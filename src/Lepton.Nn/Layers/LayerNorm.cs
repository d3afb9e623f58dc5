using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// Layer normalization (Keras's LayerNormalization): normalizes each position over its last dimension (the
/// features of one time step, say), then scales and shifts by learned gamma and beta. Works the same in
/// training and at inference.
/// </summary>
public sealed class LayerNorm : Layer
{
    // Component names keep the fields and the registered weights the same objects when the layer changes device.
    [ComponentName(Name = "weight")]
    private Parameter? _gamma;
    [ComponentName(Name = "bias")]
    private Parameter? _beta;

    /// <summary>Creates a layer-normalization layer.</summary>
    /// <param name="epsilon">Added to the variance so no position divides by zero.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public LayerNorm(double epsilon = 1e-3, string? name = null) : base(name ?? DefaultName<LayerNorm>())
    {
        Epsilon = LayerChecks.Positive(this, epsilon, nameof(epsilon));
    }

    internal LayerNorm(LayerConfig config) : this(config.GetDouble("epsilon", 1e-3), config.Name)
    {
    }

    /// <summary>Added to the variance for numerical safety.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("epsilon", Epsilon);

    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs)
    {
        var input = SingleInput(inputs);
        long[] features = [Features(input)];
        return new(input, [new("weight", features), new("bias", features)]);
    }

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        var features = Features(input);
        _gamma = AddWeight("weight", ones(features));
        _beta = AddWeight("bias", zeros(features));
        return input;
    }

    private long Features(Shape input) =>
        input.Rank > 0 && input[-1] >= 1
            ? input[-1]
            : throw LayerChecks.WrongInput(this, input, "(..., features) with a known last dimension");

    /// <inheritdoc />
    protected override Tensor Call(Tensor input) => nn.functional.layer_norm(input, [_gamma!.shape[0]], _gamma, _beta, Epsilon);
}
