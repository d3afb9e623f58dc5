using Lepton.Nn.Layers;
using static TorchSharp.torch;

namespace Lepton.Nn.Models;

/// <summary>
/// A plain stack of layers, each feeding the next. Give an input shape to build it at once (so
/// <see cref="Model.Summary"/> shows every shape before training), or let it learn the shape from the first batch.
/// </summary>
public sealed class Sequential : Model
{
    private readonly List<Layer> _layers = [];

    /// <summary>A stack built lazily from the first batch.</summary>
    public Sequential(params Layer[] layers) : this(null, layers)
    {
    }

    /// <summary>A stack built now for examples of <paramref name="inputShape"/> (no batch dimension).</summary>
    public Sequential(Shape? inputShape, params Layer[] layers) : this(inputShape, layers, null)
    {
    }

    /// <summary>A named stack.</summary>
    public Sequential(Shape? inputShape, IEnumerable<Layer> layers, string? name) : base(name ?? DefaultName<Sequential>())
    {
        ArgumentNullException.ThrowIfNull(layers);
        DeclaredInputShape = inputShape;
        foreach (var layer in layers) Add(layer);
        if (inputShape is not null && !IsBuilt) Build([inputShape]);
    }

    internal Sequential(LayerConfig config)
        : this(config.Has("input_shape") ? config.GetShape("input_shape") : null,
               config.GetConfigs("layers").Select(LayerRegistry.Create), config.Name)
    {
    }

    /// <summary>The input shape given at construction, or null when learned from data.</summary>
    public Shape? DeclaredInputShape { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Layer> Layers => _layers;

    /// <summary>Appends a layer; in a built stack it is built at once from the previous output shape.</summary>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (_layers.Any(l => l.Name == layer.Name))
            throw new ArgumentException($"The stack already has a layer named '{layer.Name}'; layer names must be unique within a model.", nameof(layer));
        if (IsBuilt)
            throw new InvalidOperationException($"Sequential '{Name}' is already built; add every layer before it sees data.");
        _layers.Add(layer);
        register_module(layer.Name, layer);
    }

    /// <inheritdoc />
    public override LayerConfig GetConfig() => new LayerConfig(TypeName, Name)
        .Set("input_shape", IsBuilt ? InputShapes[0] : DeclaredInputShape)
        .Set("layers", _layers.Select(l => l.GetConfig()).ToList());

    /// <inheritdoc />
    public override string TypeName => "Sequential";

    /// <inheritdoc />
    protected override Shape Build(Shape input)
    {
        if (_layers.Count == 0) throw new InvalidOperationException($"Sequential '{Name}' has no layers.");
        var shape = input;
        foreach (var layer in _layers) shape = layer.Build([shape]);
        return shape;
    }

    /// <inheritdoc />
    protected override Shape BuildMany(IReadOnlyList<Shape> inputs) =>
        inputs.Count == 1 ? Build(inputs[0]) : throw new ShapeMismatchException($"Sequential '{Name}' takes one input but was given {inputs.Count}; use a functional Model for several inputs.");

    /// <inheritdoc />
    protected override Tensor Call(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers) x = layer.Invoke([x]);
        return x;
    }

    /// <inheritdoc />
    protected override Tensor CallMany(IReadOnlyList<Tensor> inputs) => Call(inputs[0]);
}
