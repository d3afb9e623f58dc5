using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Onnx;

/// <summary>A small model around one layer type, and random inputs for it at any batch size.</summary>
internal sealed record LayerCase(Model Model, Func<int, Tensor[]> Inputs);

/// <summary>One case per layer type the exporter supports: <see cref="LayerExportTests"/> checks the list is complete.</summary>
internal static class LayerCases
{
    public static readonly IReadOnlyDictionary<Type, Func<LayerCase>> ByType = new Dictionary<Type, Func<LayerCase>>
    {
        [typeof(Dense)] = () => Stack([6], new Dense(5, "relu")),
        [typeof(Activation)] = () => Stack([7], new Activation("gelu")),
        [typeof(Dropout)] = () => Stack([6], new Dense(4), new Dropout(0.5)),
        [typeof(Flatten)] = () => Stack([2, 3, 4], new Flatten(), new Dense(3)),
        [typeof(Reshape)] = () => Stack([12], new Reshape([4, -1]), new Dense(2)),
        [typeof(Add)] = () => Merge(new Add(), [5], [5], [5]),
        [typeof(Multiply)] = () => Merge(new Multiply(), [2, 3], [2, 3]),
        [typeof(Concatenate)] = () => Merge(new Concatenate(axis: 0), [2, 3], [4, 3]),
        [typeof(WeightedAverage)] = () => Merge(new WeightedAverage([1.0, 3.0, 0.5]), [4], [4], [4]),
        [typeof(Conv1D)] = () => Stack([3, 11], new Conv1D(4, 3, padding: "causal", dilationRate: 2, activation: "tanh")),
        [typeof(Conv2D)] = () => Stack([2, 9, 8], new Conv2D(3, 3, strides: 2, padding: "same", activation: "elu")),
        [typeof(Conv2DTranspose)] = () => Stack([3, 5, 4], new Conv2DTranspose(2, 3, strides: 2, padding: "same", activation: "sigmoid")),
        [typeof(MaxPool2D)] = () => Stack([2, 7, 6], new MaxPool2D(3, strides: 2, padding: "same")),
        [typeof(AvgPool2D)] = () => Stack([2, 7, 6], new AvgPool2D(3, strides: 2, padding: "same")),
        [typeof(GlobalAveragePool1D)] = MaskedAverage,
        [typeof(GlobalAveragePool2D)] = () => Stack([3, 5, 4], new GlobalAveragePool2D()),
        [typeof(BatchNorm)] = () => Stack([3, 4, 5], new BatchNorm()),
        [typeof(LayerNorm)] = () => Stack([4, 6], new LayerNorm()),
        [typeof(Embedding)] = () => Ids(7, 20, new Embedding(20, 4), new Flatten()),
        [typeof(PositionEmbedding)] = () => Stack([5, 3], new PositionEmbedding(8)),
        [typeof(SinePositionEncoding)] = () => Stack([6, 8], new SinePositionEncoding()),
        [typeof(UpSampling2D)] = () => Stack([2, 3, 4], new UpSampling2D((2, 3), "bilinear")),
        [typeof(LSTM)] = () => Stack([5, 3], new LSTM(4)),
        [typeof(GRU)] = () => Stack([5, 3], new GRU(4, returnSequences: true)),
        [typeof(SimpleRNN)] = () => Stack([4, 3], new SimpleRNN(3, "relu", bidirectional: true)),
        [typeof(Bidirectional)] = () => Stack([5, 3], new Bidirectional(new LSTM(4, returnSequences: true), "ave")),
        [typeof(MultiHeadAttention)] = () => Stack([5, 6], new MultiHeadAttention(2, 3, valueDim: 4)),
        [typeof(TransformerEncoder)] = () => Stack([5, 8], new TransformerEncoder(2, 16, activation: "gelu")),
        [typeof(TreeEnsemble)] = () => TreeCases.Stack(4, 1, TreeCases.HandBuilt()),
    };

    /// <summary>A Sequential built for examples of <paramref name="shape"/>, its weights random, fed normal noise.</summary>
    public static LayerCase Stack(long[] shape, params Layer[] layers)
    {
        var model = new Sequential(new Shape(shape), layers);
        ExportVerification.Randomize(model, 7);
        return new(model, batch => [randn([batch, .. shape])]);
    }

    /// <summary>A functional model applying a merge layer to several inputs, each through its own Dense first.</summary>
    public static LayerCase Merge(Layer merge, params long[][] shapes)
    {
        var inputs = shapes.Select((s, i) => new Input(new Shape(s), $"in{i}")).ToArray();
        var branches = inputs.Select(i => new Dense((int)i.Shape[-1], "tanh").Apply(i)).ToArray();
        var model = new Model(inputs, merge.Apply(branches));
        ExportVerification.Randomize(model, 11);
        return new(model, batch => shapes.Select(s => randn([batch, .. s])).ToArray());
    }

    /// <summary>A functional model of cross-attention: the query (first input) attends to the value (second input).</summary>
    public static LayerCase CrossAttention(long[] query, long[] value, MultiHeadAttention attention)
    {
        var (q, v) = (new Input(new Shape(query), "query"), new Input(new Shape(value), "value"));
        var model = new Model([q, v], attention.Apply(q, v));
        ExportVerification.Randomize(model, 13);
        return new(model, batch => [randn([batch, .. query]), randn([batch, .. value])]);
    }

    /// <summary>Ids in [0, <paramref name="vocabulary"/>) as floats (as a model's input usually is), through <paramref name="layers"/>.</summary>
    public static LayerCase Ids(long steps, int vocabulary, params Layer[] layers)
    {
        var model = new Sequential(new Shape(steps), layers);
        ExportVerification.Randomize(model, 5);
        return new(model, batch => [randint(0, vocabulary, [batch, steps]).to_type(ScalarType.Float32)]);
    }

    /// <summary>Text: embedded ids plus sine positions, averaged over the steps whose id is not 0.</summary>
    private static LayerCase MaskedAverage()
    {
        var ids = new Input(new Shape(6), "ids");
        var vectors = new Embedding(10, 4).Apply(ids);
        var positioned = new Add().Apply(vectors, new SinePositionEncoding().Apply(vectors));
        var model = new Model([ids], new Dense(2).Apply(new GlobalAveragePool1D().Apply(positioned, ids)));
        ExportVerification.Randomize(model, 3);
        return new(model, batch =>
        {
            var x = randint(0, 10, [batch, 6]);
            x[0, TensorIndex.Slice(3)].fill_(0); // the first example ends in padding
            return [x.to_type(ScalarType.Float32)];
        });
    }
}
