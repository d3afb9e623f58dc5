using Onnx;

namespace Lepton.Export.Quantization;

/// <summary>
/// The quantizer's working state over one graph: the float graph's initializers and consumers, the nodes written so
/// far (in the float graph's order), fresh names, and the quantized forms of values already made, so that every
/// projection of one input shares one DynamicQuantizeLinear and every convolution of one input one QuantizeLinear.
/// </summary>
internal sealed class GraphRewriter
{
    public const string MicrosoftDomain = "com.microsoft";

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Values, string Scale, string ZeroPoint)> _dynamic = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _static = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActivationRange> _outputPoints = new(StringComparer.Ordinal);

    public GraphRewriter(GraphProto graph)
    {
        Graph = graph;
        Initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        GraphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            _names.Add(node.Name);
            _names.UnionWith(node.Output);
            foreach (var input in node.Input.Where(i => i.Length > 0))
            {
                if (!_consumers.TryGetValue(input, out var list)) _consumers[input] = list = [];
                list.Add(node);
            }
        }
        _names.UnionWith(graph.Input.Select(i => i.Name));
        _names.UnionWith(Initializers.Keys);
    }

    public GraphProto Graph { get; }

    /// <summary>The float graph's initializers by name.</summary>
    public Dictionary<string, TensorProto> Initializers { get; }

    public HashSet<string> GraphOutputs { get; }

    /// <summary>The nodes of the quantized graph, in order.</summary>
    public List<NodeProto> Nodes { get; } = [];

    /// <summary>New names for values: a value that now comes out of a DequantizeLinear is read under that name from then on.</summary>
    public Dictionary<string, string> Renames { get; } = new(StringComparer.Ordinal);

    /// <summary>Values that come out of a DequantizeLinear the quantizer wrote (they need no second QuantizeLinear).</summary>
    public HashSet<string> Dequantized { get; } = new(StringComparer.Ordinal);

    public bool UsesMicrosoftDomain { get; private set; }

    /// <summary>The nodes of the float graph that read <paramref name="value"/>.</summary>
    public IReadOnlyList<NodeProto> Consumers(string value) => _consumers.GetValueOrDefault(value) ?? [];

    /// <summary>A float initializer's values and dimensions, or null when <paramref name="name"/> is not a float initializer.</summary>
    public (float[] Values, long[] Dims)? FloatInitializer(string name) =>
        Initializers.TryGetValue(name, out var tensor) && OnnxTensors.Floats(tensor) is { } values ? (values, [.. tensor.Dims]) : null;

    public string Fresh(string hint)
    {
        if (_names.Add(hint)) return hint;
        for (var i = 1; ; i++)
        {
            var candidate = $"{hint}_{i}";
            if (_names.Add(candidate)) return candidate;
        }
    }

    /// <summary>Adds an initializer under a fresh name made from <paramref name="hint"/> and returns the name.</summary>
    public string Initializer(string hint, Func<string, TensorProto> create)
    {
        var name = Fresh(hint);
        Graph.Initializer.Add(create(name));
        return name;
    }

    /// <summary>Writes a node; its outputs are <paramref name="outputs"/> when given, else fresh names from <paramref name="hint"/>.</summary>
    public string[] Emit(string op, IEnumerable<string> inputs, string hint, int outputCount = 1, string[]? outputs = null, string domain = "", params AttributeProto[] attributes)
    {
        outputs ??= Enumerable.Range(0, outputCount).Select(i => Fresh(outputCount == 1 ? hint : $"{hint}_{i}")).ToArray();
        var node = new NodeProto { OpType = op, Name = Fresh($"{hint}/{op}"), Domain = domain };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        Nodes.Add(node);
        if (domain == MicrosoftDomain) UsesMicrosoftDomain = true;
        return outputs;
    }

    /// <summary>The uint8 values, scale and zero point of <paramref name="value"/> by DynamicQuantizeLinear, made once per value.</summary>
    public (string Values, string Scale, string ZeroPoint) DynamicallyQuantized(string value)
    {
        if (_dynamic.TryGetValue(value, out var known)) return known;
        var outputs = Emit("DynamicQuantizeLinear", [value], $"{value}/quantized", outputs: [Fresh($"{value}/uint8"), Fresh($"{value}/scale"), Fresh($"{value}/zero_point")]);
        return _dynamic[value] = (outputs[0], outputs[1], outputs[2]);
    }

    /// <summary>
    /// <paramref name="value"/> through QuantizeLinear and DequantizeLinear at its calibrated <paramref name="range"/>
    /// (uint8), made once per value; a value that already comes out of a DequantizeLinear is returned as it is.
    /// </summary>
    public string StaticallyQuantized(string value, ActivationRange range)
    {
        if (Dequantized.Contains(value)) return value;
        if (_static.TryGetValue(value, out var known)) return known;
        return _static[value] = QuantizeDequantize(value, range);
    }

    /// <summary>Records that the value <paramref name="name"/> of the float graph goes through Q/DQ right after the node that makes it.</summary>
    public void AddOutputPoint(string name, ActivationRange range) => _outputPoints[name] = range;

    /// <summary>Writes the Q/DQ pairs due after a node with <paramref name="outputs"/>, and reads those values through them from then on.</summary>
    public void AfterNode(IEnumerable<string> outputs)
    {
        foreach (var output in outputs)
        {
            if (!_outputPoints.Remove(output, out var range)) continue;
            Renames[output] = QuantizeDequantize(output, range);
        }
    }

    private string QuantizeDequantize(string value, ActivationRange range)
    {
        var (scale, zero) = Int8Quantization.Asymmetric(range);
        var scaleName = Initializer($"{value}/scale", n => OnnxTensors.Float(n, [scale]));
        var zeroName = Initializer($"{value}/zero_point", n => OnnxTensors.UInt8(n, [zero]));
        var quantized = Emit("QuantizeLinear", [value, scaleName, zeroName], $"{value}/uint8")[0];
        var dequantized = Emit("DequantizeLinear", [quantized, scaleName, zeroName], $"{value}/dequantized")[0];
        Dequantized.Add(dequantized);
        return dequantized;
    }

    /// <summary>Records that the file imports ONNX Runtime's <c>com.microsoft</c> operators.</summary>
    public void UseMicrosoftDomain() => UsesMicrosoftDomain = true;
}
