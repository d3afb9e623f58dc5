using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace Lepton.Export.Onnx;

/// <summary>
/// Builds one ONNX graph: unique value names, nodes, float and int64 initializers (each weight once), and the typed
/// inputs, outputs and value infos with the dynamic batch dimension first.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<(object Source, string Form), string> _weights = [];
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _domains = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string name, int opset, string batchDimension)
    {
        Graph = new GraphProto { Name = name };
        Opset = opset;
        BatchDimension = batchDimension;
    }

    public GraphProto Graph { get; }

    public int Opset { get; }

    public string BatchDimension { get; }

    /// <summary>
    /// Put before every name made from a hint while set (e.g. "m0/" for an ensemble's first member), so parts written
    /// side by side in one graph keep names that say whose they are.
    /// </summary>
    public string Prefix { get; set; } = "";

    /// <summary>A value name not used before, made from <paramref name="hint"/> (after <see cref="Prefix"/>).</summary>
    public string Fresh(string hint)
    {
        hint = Prefix + hint;
        if (_names.Add(hint)) return hint;
        for (var i = 1; ; i++)
        {
            var candidate = $"{hint}_{i}";
            if (_names.Add(candidate)) return candidate;
        }
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, IEnumerable<string> inputs, string hint, params AttributeProto[] attributes) =>
        Nodes(op, inputs, [hint], attributes)[0];

    /// <summary>Adds a node with an output per hint and returns their names.</summary>
    public string[] Nodes(string op, IEnumerable<string> inputs, IReadOnlyList<string> hints, params AttributeProto[] attributes)
    {
        var outputs = hints.Select(Fresh).ToArray();
        var node = new NodeProto { OpType = op, Name = Fresh($"{hints[0]}/{op}") };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        Graph.Node.Add(node);
        return outputs;
    }

    /// <summary>
    /// Adds a node of an operator outside the default domain (e.g. ONNX-ML's "ai.onnx.ml") and records that the file
    /// imports <paramref name="domain"/> at <paramref name="version"/>; returns the node's output name.
    /// </summary>
    public string DomainNode(string domain, int version, string op, IEnumerable<string> inputs, string hint, params AttributeProto[] attributes)
    {
        var output = Node(op, inputs, hint, attributes);
        Graph.Node[^1].Domain = domain;
        _domains[domain] = Math.Max(version, _domains.GetValueOrDefault(domain));
        return output;
    }

    /// <summary>The operator sets besides the default one that the graph's nodes use, with their versions.</summary>
    public IReadOnlyDictionary<string, int> Domains => _domains;

    /// <summary>A float initializer holding a layer's tensor (optionally transformed, e.g. transposed), added once per tensor and form.</summary>
    public string Weight(Tensor tensor, string hint, string form = "", Func<Tensor, Tensor>? transform = null)
    {
        if (_weights.TryGetValue((tensor, form), out var known)) return known;
        using var scope = NewDisposeScope();
        var value = (transform is null ? tensor : transform(tensor)).detach().cpu().to_type(ScalarType.Float32).contiguous();
        var name = Floats(hint, value.data<float>().ToArray(), value.shape);
        _weights[(tensor, form)] = name;
        return name;
    }

    /// <summary>A float initializer of the given values and dimensions.</summary>
    public string Floats(string hint, float[] values, long[] dims)
    {
        var name = Fresh(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.Add(dims);
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A double initializer of the given values and dimensions (a table pipeline computes in double, as its SQL does).</summary>
    public string Doubles(string hint, double[] values, long[] dims)
    {
        var name = Fresh(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Double, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.Add(dims);
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A double scalar constant, shared by every node that needs the same value.</summary>
    public string Double(double value) => Constant($"d:{value:R}", () => Doubles("const_double", [value], []));

    /// <summary>A float scalar constant, shared by every node that needs the same value.</summary>
    public string Scalar(float value) => Constant($"f:{value:R}", () => Floats("const_float", [value], []));

    /// <summary>A one-dimensional int64 constant (axes, shapes, pads), shared by every node that needs the same values.</summary>
    public string Int64s(params long[] values) => Constant($"i:{string.Join(',', values)}", () =>
    {
        var name = Fresh("const_ints");
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.Add(values);
        Graph.Initializer.Add(tensor);
        return name;
    });

    /// <summary>An int64 scalar constant (Range bounds, Gather indices), shared by every node that needs the same value.</summary>
    public string Int64(long value) => Constant($"s:{value}", () =>
    {
        var name = Fresh("const_int");
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Int64Data.Add(value);
        Graph.Initializer.Add(tensor);
        return name;
    });

    private string Constant(string key, Func<string> create)
    {
        if (_constants.TryGetValue(key, out var known)) return known;
        var name = create();
        _constants[key] = name;
        return name;
    }

    /// <summary>Whether a value (an input, an output, a node's output) already has <paramref name="name"/>.</summary>
    public bool IsTaken(string name) => _names.Contains(name);

    /// <summary>Declares a graph input of float examples of <paramref name="shape"/>, with the batch dimension first.</summary>
    public void Input(string name, Shape shape) => Input(name, shape, TensorProto.Types.DataType.Float);

    /// <summary>Declares a graph input of <paramref name="type"/> examples of <paramref name="shape"/>, with the batch dimension first.</summary>
    /// <exception cref="OnnxExportException">Another value already has the name.</exception>
    public void Input(string name, Shape shape, TensorProto.Types.DataType type)
    {
        if (!_names.Add(name))
            throw new OnnxExportException($"The input '{name}' cannot be written to ONNX: the graph already has a value of that name (an output is called so too); rename the column or the input.");
        Graph.Input.Add(Value(name, shape, name, type));
    }

    /// <summary>Declares a graph output of float examples of <paramref name="shape"/>, with the batch dimension first.</summary>
    public void Output(string name, Shape shape) => Graph.Output.Add(Value(name, shape, name));

    /// <summary>Declares a graph output of <paramref name="type"/> examples of <paramref name="shape"/>, with the batch dimension first.</summary>
    public void Output(string name, Shape shape, TensorProto.Types.DataType type) => Graph.Output.Add(Value(name, shape, name, type));

    /// <summary>Copies <paramref name="value"/> into the value named exactly <paramref name="name"/> (taken before with <see cref="Fresh"/>).</summary>
    public void Identity(string value, string name) =>
        Graph.Node.Add(new NodeProto { OpType = "Identity", Name = Fresh($"{name}/Identity"), Input = { value }, Output = { name } });

    /// <summary>An int64 initializer of the given values and dimensions (e.g. a [1, K] row of class indices).</summary>
    public string Int64Tensor(string hint, long[] values, long[] dims)
    {
        var name = Fresh(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(dims);
        tensor.Int64Data.Add(values);
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Records the shape an intermediate value has, so the file documents it and the checker verifies it.</summary>
    public void Describe(string name, Shape shape) => Graph.ValueInfo.Add(Value(name, shape, prefix: null));

    /// <summary>A float tensor's type: the batch dimension named, unknown sizes named after the value (or left blank).</summary>
    private ValueInfoProto Value(string name, Shape shape, string? prefix, TensorProto.Types.DataType type = TensorProto.Types.DataType.Float)
    {
        var dims = new TensorShapeProto();
        dims.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        for (var i = 0; i < shape.Rank; i++)
        {
            var dim = new TensorShapeProto.Types.Dimension();
            if (shape[i] > 0) dim.DimValue = shape[i];
            else if (prefix is not null) dim.DimParam = $"{prefix}_dim{i + 1}";
            dims.Dim.Add(dim);
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = dims } },
        };
    }
}
