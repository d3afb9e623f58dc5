using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// Batch normalization (Keras's BatchNormalization): normalizes each channel by the batch's mean and variance
/// while training, and by running averages of them at inference, then scales and shifts it by learned
/// gamma and beta. The channel is the example's first dimension: C of <c>(C, H, W)</c> images and
/// <c>(C, L)</c> sequences, each feature of a <c>(F)</c> vector.
/// </summary>
public sealed class BatchNorm : Layer
{
    // Component names keep the fields and the registered tensors the same objects when the layer changes device.
    [ComponentName(Name = "weight")]
    private Parameter? _gamma;
    [ComponentName(Name = "bias")]
    private Parameter? _beta;
    [ComponentName(Name = "running_mean")]
    private Tensor? _runningMean;
    [ComponentName(Name = "running_var")]
    private Tensor? _runningVar;

    /// <summary>Creates a batch-normalization layer.</summary>
    /// <param name="momentum">
    /// How much of the running statistics each training batch keeps, as in Keras:
    /// <c>running = momentum · running + (1 − momentum) · batch</c> (PyTorch's momentum is <c>1 − momentum</c>).
    /// </param>
    /// <param name="epsilon">Added to the variance so no channel divides by zero.</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public BatchNorm(double momentum = 0.99, double epsilon = 1e-3, string? name = null) : base(name ?? DefaultName<BatchNorm>())
    {
        Momentum = LayerChecks.Fraction(this, momentum, nameof(momentum));
        Epsilon = LayerChecks.Positive(this, epsilon, nameof(epsilon));
    }

    internal BatchNorm(LayerConfig config)
        : this(config.GetDouble("momentum", 0.99), config.GetDouble("epsilon", 1e-3), config.Name)
    {
    }

    /// <summary>The share of the running statistics kept at each training batch.</summary>
    public double Momentum { get; }

    /// <summary>Added to the variance for numerical safety.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig().Set("momentum", Momentum).Set("epsilon", Epsilon);

    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs)
    {
        var input = SingleInput(inputs);
        long[] channels = [Channels(input)];
        return new(input, [new("weight", channels), new("bias", channels), new("running_mean", channels), new("running_var", channels)]);
    }

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        var channels = Channels(input);
        _gamma = AddWeight("weight", ones(channels));
        _beta = AddWeight("bias", zeros(channels));
        _runningMean = AddState("running_mean", zeros(channels));
        _runningVar = AddState("running_var", ones(channels));
        return input;
    }

    private long Channels(Shape input) =>
        input.Rank > 0 && input[0] >= 1
            ? input[0]
            : throw LayerChecks.WrongInput(this, input, "(channels, ...) or (features) with a known first dimension");

    /// <inheritdoc />
    protected override Tensor Call(Tensor input) =>
        nn.functional.batch_norm(input, _runningMean!, _runningVar!, _gamma, _beta, training, 1 - Momentum, Epsilon);
}
