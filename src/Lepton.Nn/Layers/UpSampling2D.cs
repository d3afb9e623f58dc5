using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// Enlarges images by whole factors: input <c>(channels, height, width)</c>, output
/// <c>(channels, height · size.Height, width · size.Width)</c>. "nearest" repeats each pixel; "bilinear" interpolates
/// between pixel centres as Keras does (libtorch's <c>align_corners = false</c>). It has no weights.
/// </summary>
public sealed class UpSampling2D : Layer
{
    private const string Nearest = "nearest";
    private const string Bilinear = "bilinear";

    /// <summary>Creates an upsampling layer with one factor for both directions.</summary>
    /// <param name="size">The factor for height and width.</param>
    /// <param name="interpolation">"nearest" (repeat pixels) or "bilinear".</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public UpSampling2D(int size = 2, string interpolation = Nearest, string? name = null)
        : this((size, size), interpolation, name)
    {
    }

    /// <summary>Creates an upsampling layer with a factor per direction.</summary>
    /// <param name="size">The factors for height and width.</param>
    /// <param name="interpolation">"nearest" (repeat pixels) or "bilinear".</param>
    /// <param name="name">The layer's name; by default one made from the type.</param>
    public UpSampling2D((int Height, int Width) size, string interpolation = Nearest, string? name = null)
        : base(name ?? DefaultName<UpSampling2D>())
    {
        ArgumentNullException.ThrowIfNull(interpolation);
        Size = (LayerChecks.Window(this, size.Height, nameof(size)), LayerChecks.Window(this, size.Width, nameof(size)));
        var normalized = interpolation.ToLowerInvariant();
        Interpolation = normalized is Nearest or Bilinear
            ? normalized
            : throw new ArgumentException(
                $"{LayerChecks.Describe(this)}: unknown interpolation '{interpolation}'; use \"nearest\" or \"bilinear\".", nameof(interpolation));
    }

    internal UpSampling2D(LayerConfig config)
        : this(SizeOf(config), config.GetString("interpolation", Nearest)!, config.Name)
    {
    }

    /// <summary>The factors for height and width.</summary>
    public (int Height, int Width) Size { get; }

    /// <summary>"nearest" or "bilinear".</summary>
    public string Interpolation { get; }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => base.GetConfig()
        .Set("size", new long[] { Size.Height, Size.Width }).Set("interpolation", Interpolation);

    /// <summary>Creates no tensors: the plan is the output shape.</summary>
    internal override LayerPlan Plan(IReadOnlyList<Shape> inputs) => PlanWithoutTensors(inputs);

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        if (input.Rank != 3)
            throw LayerChecks.WrongInput(this, input, "(channels, height, width)");
        return new Shape(input[0], Scaled(input[1], Size.Height), Scaled(input[2], Size.Width));
    }

    private static long Scaled(long length, int factor) => length < 0 ? -1 : length * factor;

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        long[] size = [input.shape[2] * Size.Height, input.shape[3] * Size.Width];
        return Interpolation == Nearest
            ? nn.functional.interpolate(input, size, mode: InterpolationMode.Nearest)
            : nn.functional.interpolate(input, size, mode: InterpolationMode.Bilinear, align_corners: false);
    }

    /// <summary>The "size" field: two factors, as Keras stores them.</summary>
    private static (int Height, int Width) SizeOf(LayerConfig config)
    {
        if (!config.Has("size")) return (2, 2);
        var size = config.GetLongs("size");
        if (size.Length != 2 || size.Any(s => s is < int.MinValue or > int.MaxValue))
            throw new ArgumentException($"Layer '{config.Name}' (UpSampling2D): size must hold two factors (height, width), but was [{string.Join(", ", size)}].", nameof(size));
        return ((int)size[0], (int)size[1]);
    }
}
