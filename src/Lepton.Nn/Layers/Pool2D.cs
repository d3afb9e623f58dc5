using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// What <see cref="MaxPool2D"/> and <see cref="AvgPool2D"/> share: a square window, a stride and Keras's
/// "valid"/"same" padding over images <c>(channels, height, width)</c>.
/// </summary>
public abstract class Pool2D : Layer
{
    private protected Pool2D(int poolSize, int? strides, string padding, string name) : base(name)
    {
        PoolSize = LayerChecks.Window(this, poolSize, nameof(poolSize));
        Strides = LayerChecks.Window(this, strides ?? poolSize, nameof(strides));
        Padding = ConvPadding.Validate(this, padding);
    }

    /// <summary>The window's height and width.</summary>
    public int PoolSize { get; }

    /// <summary>The step between windows.</summary>
    public int Strides { get; }

    /// <summary>"valid" or "same".</summary>
    public string Padding { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("pool_size", PoolSize).Set("strides", Strides).Set("padding", Padding);

    /// <summary>Creates no tensors: the plan is the output shape.</summary>
    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) => PlanWithoutTensors(inputs);

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        if (input.Rank != 3)
            throw LayerChecks.WrongInput(this, input, "(channels, height, width)");
        var height = ConvPadding.OutputLength(input[1], PoolSize, Strides, Padding);
        var width = ConvPadding.OutputLength(input[2], PoolSize, Strides, Padding);
        if (height == 0 || width == 0)
            throw new ShapeMismatchException(
                $"{LayerChecks.Describe(this)}: its {PoolSize}x{PoolSize} window does not fit input of shape {input.ToBatchString()}; use padding \"same\" or a smaller pool size.");
        return new Shape(input[0], height, width);
    }

    /// <summary>The batch (N, C, H, W) padded for "same" pooling with <paramref name="value"/>; the input itself when no padding is needed.</summary>
    private protected Tensor PadSame(Tensor input, double value)
    {
        var (top, bottom) = ConvPadding.SameAmounts(input.shape[2], PoolSize, Strides);
        var (left, right) = ConvPadding.SameAmounts(input.shape[3], PoolSize, Strides);
        if (top + bottom + left + right == 0) return input.alias();
        return nn.functional.pad(input, [left, right, top, bottom], PaddingModes.Constant, value);
    }
}
