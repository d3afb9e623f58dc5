using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lepton.Nn.Layers;

/// <summary>
/// The base of every layer: a TorchSharp module that creates its parameters the first time it learns the
/// shape of its input, so nobody types an input size. Subclass it for a custom layer: override
/// <see cref="Build(Shape)"/> and <see cref="Call(Tensor)"/> (or their multi-input forms), and
/// <see cref="GetConfig"/> plus a constructor taking a <see cref="LayerConfig"/> to make it saveable.
/// </summary>
public abstract class Layer : nn.Module
{
    private static readonly Dictionary<string, int> NameCounters = new(StringComparer.Ordinal);
    private IReadOnlyList<Shape>? _inputShapes;
    private Shape? _outputShape;
    private bool _trainable = true;

    /// <summary>Creates a layer; without a name it gets one from its type (<c>dense</c>, <c>dense_1</c>, …).</summary>
    protected Layer(string? name) : base(name ?? NextName(null))
    {
    }

    /// <summary>The layer's name, unique within a model.</summary>
    public string Name => GetName();

    /// <summary>The layer's type as stored in model files (its class name unless registered otherwise).</summary>
    public virtual string TypeName => GetType().Name;

    /// <summary>True once the layer has seen its input shapes and created its parameters.</summary>
    public bool IsBuilt => _outputShape is not null;

    /// <summary>The shapes of the inputs the layer was built for, without the batch dimension.</summary>
    public IReadOnlyList<Shape> InputShapes => _inputShapes ?? throw NotBuilt();

    /// <summary>The shape of the layer's output, without the batch dimension.</summary>
    public Shape OutputShape => _outputShape ?? throw NotBuilt();

    /// <summary>Whether the optimizer updates this layer's parameters.</summary>
    public bool Trainable
    {
        get => _trainable;
        set
        {
            _trainable = value;
            foreach (var p in parameters()) p.requires_grad = value;
        }
    }

    /// <summary>True for layers such as <c>Add</c> that combine several inputs.</summary>
    protected virtual bool TakesMultipleInputs => false;

    /// <summary>Builds the layer for inputs of the given shapes (no batch dimension), once.</summary>
    public Shape Build(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (IsBuilt)
        {
            CheckShapes(inputShapes);
            return OutputShape;
        }
        var output = BuildFor(inputShapes);
        _inputShapes = inputShapes.ToArray();
        _outputShape = output;
        if (!_trainable) Trainable = false;
        return output;
    }

    /// <summary>
    /// The output shape and the tensors that building the layer for <paramref name="inputs"/> would give, worked out
    /// without creating any, so a model file is checked against its weights before anything is allocated; the same
    /// shape errors as <see cref="Build(IReadOnlyList{Shape})"/>. Null when the layer cannot tell (a custom layer).
    /// </summary>
    internal virtual LayerPlan? Plan(IReadOnlyList<Shape> inputs) => null;

    /// <summary>The plan of a layer whose Build creates no tensors: Build's own output shape and checks, on a layer left unbuilt.</summary>
    private protected LayerPlan PlanWithoutTensors(IReadOnlyList<Shape> inputs) => LayerPlan.WithoutTensors(BuildFor(inputs));

    /// <summary>The plan of a layer made of sub-layers: each part's tensors under the part's name. The parts are disposed.</summary>
    private protected static LayerPlan PlanOfParts(Shape output, IReadOnlyList<(Layer Layer, Shape Input)> parts)
    {
        try
        {
            var tensors = new List<PlannedTensor>();
            foreach (var (layer, input) in parts)
            {
                var plan = layer.Plan([input]) ?? throw new InvalidOperationException($"{LayerChecks.Describe(layer)} cannot say which tensors it creates.");
                tensors.AddRange(plan.Tensors.Select(t => t.Under(layer.Name)));
            }
            return new(output, tensors);
        }
        finally
        {
            foreach (var (layer, _) in parts) layer.Dispose();
        }
    }

    /// <summary>
    /// Checks the values a model file copied into the layer's tensors, for a layer whose tensors hold indices the engine
    /// gathers with (a bad index may crash libtorch, which .NET cannot catch); throws <see cref="InvalidDataException"/>
    /// naming the layer. Most layers hold only numbers and check nothing.
    /// </summary>
    internal virtual void CheckLoadedWeights()
    {
    }

    /// <summary>The one input of a single-input layer, or the error <see cref="Build(IReadOnlyList{Shape})"/> gives.</summary>
    private protected Shape SingleInput(IReadOnlyList<Shape> inputs) =>
        inputs.Count == 1 ? inputs[0] : throw new ShapeMismatchException($"Layer '{Name}' ({TypeName}) takes one input but was given {inputs.Count}.");

    /// <summary>Runs the layer on a batch, building it first if needed. The shapes are checked against the build.</summary>
    public Tensor Forward(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!IsBuilt) Build(inputs.Select(t => ShapeOf(t)).ToArray());
        return Invoke(inputs);
    }

    /// <summary>Adds this layer to a functional graph: the output of the layer applied to <paramref name="inputs"/>.</summary>
    public SymbolicTensor Apply(params SymbolicTensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var output = Build(inputs.Select(i => i.Shape).ToArray());
        return new SymbolicTensor(output, this, inputs);
    }

    /// <summary>The number of parameters (weights), all or only the trainable ones.</summary>
    public long CountParameters(bool trainableOnly = false) =>
        parameters().Where(p => !trainableOnly || p.requires_grad).Sum(p => p.numel());

    /// <summary>The layer's constructor arguments, for saving. Override and add to the base config.</summary>
    public virtual LayerConfig GetConfig() => new LayerConfig(TypeName, Name).Set("trainable", _trainable ? null : (object)false);

    /// <summary>Creates parameters for one input of <paramref name="input"/> shape and returns the output shape.</summary>
    protected virtual Shape Build(Shape input) =>
        throw new NotSupportedException($"Layer '{Name}' ({TypeName}) does not override Build(Shape).");

    /// <summary>Creates parameters for several inputs and returns the output shape.</summary>
    protected virtual Shape BuildMany(IReadOnlyList<Shape> inputs) =>
        throw new NotSupportedException($"Layer '{Name}' ({TypeName}) does not override BuildMany.");

    /// <summary>The layer's computation on a batch (batch dimension first).</summary>
    protected virtual Tensor Call(Tensor input) =>
        throw new NotSupportedException($"Layer '{Name}' ({TypeName}) does not override Call(Tensor).");

    /// <summary>The layer's computation on several batched inputs.</summary>
    protected virtual Tensor CallMany(IReadOnlyList<Tensor> inputs) =>
        throw new NotSupportedException($"Layer '{Name}' ({TypeName}) does not override CallMany.");

    /// <summary>Registers a parameter made in <see cref="Build(Shape)"/> and returns it.</summary>
    protected Parameter AddWeight(string name, Tensor initial)
    {
        var parameter = new Parameter(initial, requires_grad: true);
        register_parameter(name, parameter);
        return parameter;
    }

    /// <summary>Registers a non-trained state tensor (running statistics) made in <see cref="Build(Shape)"/>.</summary>
    protected Tensor AddState(string name, Tensor initial)
    {
        register_buffer(name, initial);
        return initial;
    }

    /// <summary>Registers a sub-layer built by this layer.</summary>
    protected T AddLayer<T>(T layer) where T : Layer
    {
        ArgumentNullException.ThrowIfNull(layer);
        register_module(layer.Name, layer);
        // A sub-layer made during a lazy Build must follow the parent's mode (no Dropout after eval()).
        layer.train(training);
        return layer;
    }

    /// <summary>Runs a built layer, checking shapes and naming this layer in any engine error.</summary>
    internal Tensor Invoke(IReadOnlyList<Tensor> inputs)
    {
        var shapes = inputs.Select(t => ShapeOf(t)).ToArray();
        CheckShapes(shapes);
        try
        {
            return TakesMultipleInputs ? CallMany(inputs) : Call(inputs[0]);
        }
        catch (ExternalException ex)
        {
            throw new ShapeMismatchException(
                $"Layer '{Name}' ({TypeName}) failed on input of shape {Describe(shapes)}: {FirstLine(ex.Message)}", ex);
        }
    }

    internal static Shape ShapeOf(Tensor t) => Shape.FromBatched(t.shape);

    internal static string NextName(Type? type)
    {
        var baseName = ToSnakeCase(type?.Name ?? "layer");
        lock (NameCounters)
        {
            NameCounters.TryGetValue(baseName, out var n);
            NameCounters[baseName] = n + 1;
            return n == 0 ? baseName : $"{baseName}_{n}";
        }
    }

    /// <summary>The default name for a new layer of type <typeparamref name="T"/>.</summary>
    protected static string DefaultName<T>() where T : Layer => NextName(typeof(T));

    private Shape BuildFor(IReadOnlyList<Shape> inputShapes)
    {
        try
        {
            return TakesMultipleInputs ? BuildMany(inputShapes) : Build(SingleInput(inputShapes));
        }
        catch (ShapeMismatchException)
        {
            throw;
        }
        catch (ArgumentException ex)
        {
            throw new ShapeMismatchException($"Layer '{Name}' ({TypeName}) cannot take input of shape {Describe(inputShapes)}: {ex.Message}", ex);
        }
    }

    private void CheckShapes(IReadOnlyList<Shape> actual)
    {
        var expected = InputShapes;
        var ok = actual.Count == expected.Count;
        for (var i = 0; ok && i < actual.Count; i++) ok = expected[i].Accepts(actual[i]);
        if (!ok)
            throw new ShapeMismatchException(
                $"Layer '{Name}' ({TypeName}) expects input of shape {Describe(expected)} but got {Describe(actual)}{InputConsumers()}.");
    }

    /// <summary>For models: which inner layers read the inputs, so a shape error names the layer a user wrote.</summary>
    private protected virtual string InputConsumers() => "";

    private static string Describe(IReadOnlyList<Shape> shapes) =>
        shapes.Count == 1 ? shapes[0].ToBatchString() : "[" + string.Join(", ", shapes.Select(s => s.ToBatchString())) + "]";

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private InvalidOperationException NotBuilt() =>
        new($"Layer '{Name}' ({TypeName}) is not built yet: it learns its input shape from the first batch, or declare one with an Input or Sequential(inputShape).");

    private static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))) && !char.IsDigit(name[i - 1]))
                sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
