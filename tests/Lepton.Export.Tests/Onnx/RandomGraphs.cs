using Lepton.Nn;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using static TorchSharp.torch;

namespace Lepton.Export.Tests.Onnx;

/// <summary>
/// Seeded random models of supported layers with random sizes: vector, image and sequence stacks, and functional
/// graphs with two inputs, a residual connection and a merge. Each random layer that does not fit the shape so far is
/// dropped, so every graph builds.
/// </summary>
internal sealed class RandomGraphs(int seed)
{
    private static readonly string?[] ActivationNames = [null, "relu", "leaky_relu", "elu", "gelu", "tanh", "sigmoid", "softmax"];
    private readonly Random _random = new(seed);
    private readonly List<string> _description = [];

    public string Description => string.Join(" → ", _description);

    public LayerCase Next()
    {
        manual_seed(seed);
        if (seed >= 40) return Text(AttentionLayer);
        if (seed >= 30) return Text(TextLayer);
        var model = (seed % 4) switch
        {
            0 => Stack(new Shape(_random.Next(1, 12)), VectorLayer, 4),
            1 => Stack(new Shape(_random.Next(1, 4), _random.Next(4, 12), _random.Next(4, 12)), ImageLayer, 5),
            2 => Stack(new Shape(_random.Next(2, 9), _random.Next(1, 8)), SequenceLayer, 4),
            _ => Functional(),
        };
        ExportVerification.Randomize(model, seed);
        var shapes = model.InputShapes.ToArray();
        return new(model, batch => shapes.Select(s => randn([batch, .. s.Dimensions])).ToArray());
    }

    private Sequential Stack(Shape input, Func<Shape, Layer> next, int maxLayers)
    {
        _description.Add($"Sequential{input.ToBatchString()}");
        var layers = Grow(input, next, _random.Next(1, maxLayers + 1), out var shape);
        layers.Add(Head(shape));
        return new Sequential(input, layers.ToArray());
    }

    private Model Functional()
    {
        var vector = new Input(new Shape(_random.Next(2, 8)), "vector");
        var image = new Input(new Shape(_random.Next(1, 3), _random.Next(5, 10), _random.Next(5, 10)), "image");
        _description.Add($"Model(vector{vector.Shape.ToBatchString()}, image{image.Shape.ToBatchString()})");
        var width = _random.Next(2, 9);
        SymbolicTensor seen = image;
        foreach (var layer in Grow(image.Shape, ImageLayer, _random.Next(1, 4), out _)) seen = layer.Apply(seen);
        seen = Note(new GlobalAveragePool2D()).Apply(seen);
        seen = Note(new Dense(width, Pick(ActivationNames))).Apply(seen);
        var measured = Note(new Dense(width, Pick(ActivationNames))).Apply(vector);
        var residual = Note(new Add()).Apply(measured, Note(new Dense(width)).Apply(measured));
        var merge = Note(_random.Next(4) switch
        {
            0 => new Add(),
            1 => new Multiply(),
            2 => new Concatenate(),
            _ => (Layer)new WeightedAverage([_random.NextDouble() + 0.1, _random.NextDouble() + 0.1]),
        });
        var joined = merge.Apply(seen, residual);
        return new Model([vector, image], Head(joined.Shape).Apply(joined));
    }

    /// <summary>Ids through an Embedding, then recurrent (or attention) and sequence layers; ids as floats, as a text model reads them.</summary>
    private LayerCase Text(Func<Shape, Layer> next)
    {
        var (steps, vocabulary) = (_random.Next(1, 9), _random.Next(3, 20));
        _description.Add($"Sequential({steps})");
        var embedding = Note(new Embedding(vocabulary, _random.Next(1, 7)));
        var layers = Grow(new Shape(steps, embedding.OutputDim), next, _random.Next(1, 4), out var shape);
        layers.Insert(0, embedding);
        layers.Add(Head(shape));
        var model = new Sequential(new Shape(steps), layers.ToArray());
        ExportVerification.Randomize(model, seed);
        return new(model, batch => [randint(0, vocabulary, [batch, steps]).to_type(ScalarType.Float32)]);
    }

    private Layer TextLayer(Shape shape) => shape.Rank == 1 ? VectorLayer(shape) : _random.Next(3) switch
    {
        0 => new Bidirectional(RecurrentLayer(bidirectional: false), Pick(["concat", "sum", "mul", "ave"])),
        1 => RecurrentLayer(bidirectional: _random.Next(2) == 0),
        _ => SequenceLayer(shape),
    };

    /// <summary>Self-attention or an encoder block (any heads, key size, causal or not), or a sequence layer.</summary>
    private Layer AttentionLayer(Shape shape) => shape.Rank == 1 ? VectorLayer(shape) : _random.Next(3) switch
    {
        0 => new MultiHeadAttention(_random.Next(1, 5), _random.Next(1, 6), Pick<int?>([null, _random.Next(1, 6)]),
                                    useBias: _random.Next(4) > 0, useCausalMask: _random.Next(2) == 0),
        1 => new TransformerEncoder(_random.Next(1, 4), _random.Next(1, 12), activation: Pick(["relu", "gelu", "tanh", "linear"]),
                                    keyDim: Pick<int?>([null, _random.Next(1, 6)]), useCausalMask: _random.Next(2) == 0),
        _ => SequenceLayer(shape),
    };

    private Recurrent RecurrentLayer(bool bidirectional)
    {
        var (units, sequences) = (_random.Next(1, 7), _random.Next(2) == 0);
        return _random.Next(3) switch
        {
            0 => new LSTM(units, sequences, bidirectional),
            1 => new GRU(units, sequences, bidirectional),
            _ => new SimpleRNN(units, Pick(["tanh", "relu"]), sequences, bidirectional),
        };
    }

    /// <summary>Up to <paramref name="count"/> random layers that fit one after another, built as they are drawn.</summary>
    private List<Layer> Grow(Shape input, Func<Shape, Layer> next, int count, out Shape shape)
    {
        var layers = new List<Layer>();
        shape = input;
        for (var attempts = 0; layers.Count < count && attempts < 4 * count; attempts++)
        {
            var layer = next(shape);
            try
            {
                var output = layer.Build([shape]);
                if (output.Dimensions.Any(d => d > 24) || output.ElementCount > 2000) continue;
                shape = output;
                layers.Add(Note(layer));
            }
            catch (ShapeMismatchException)
            {
                layer.Dispose();
            }
        }
        return layers;
    }

    private Layer Head(Shape shape)
    {
        var head = shape.Rank switch
        {
            1 => (Layer)new Dense(_random.Next(1, 6), Pick(ActivationNames)),
            _ => new Flatten(),
        };
        return Note(head);
    }

    private Layer VectorLayer(Shape shape) => _random.Next(6) switch
    {
        0 or 1 => new Dense(_random.Next(1, 12), Pick(ActivationNames), useBias: _random.Next(4) > 0),
        2 => new BatchNorm(epsilon: Pick([1e-3, 1e-5])),
        3 => new LayerNorm(),
        4 => new Dropout(0.3),
        _ => new Activation(Pick(ActivationNames) ?? "linear"),
    };

    private Layer ImageLayer(Shape shape) => _random.Next(9) switch
    {
        0 or 1 => new Conv2D(_random.Next(1, 5), _random.Next(1, 4), _random.Next(1, 3), Pick(["valid", "same"]), Pick(ActivationNames), dilationRate: _random.Next(1, 3)),
        2 => new MaxPool2D(_random.Next(1, 4), Pick<int?>([null, 1, 2]), Pick(["valid", "same"])),
        3 => new AvgPool2D(_random.Next(1, 4), Pick<int?>([null, 1, 2]), Pick(["valid", "same"])),
        4 => new BatchNorm(),
        5 => new UpSampling2D((_random.Next(1, 3), _random.Next(1, 3)), Pick(["nearest", "bilinear"])),
        6 => new Conv2DTranspose(_random.Next(1, 4), _random.Next(1, 4), _random.Next(1, 3), Pick(["valid", "same"]), activation: Pick(ActivationNames)),
        7 => new LayerNorm(),
        _ => new Dropout(0.2),
    };

    private Layer SequenceLayer(Shape shape) => _random.Next(7) switch
    {
        0 or 1 => new Conv1D(_random.Next(1, 6), _random.Next(1, 4), _random.Next(1, 3), Pick(["valid", "same", "causal"]), Pick(ActivationNames), dilationRate: _random.Next(1, 3)),
        2 => new Dense(_random.Next(1, 8), Pick(ActivationNames)),
        3 => new LayerNorm(),
        4 => new SinePositionEncoding(),
        5 => new PositionEmbedding(_random.Next((int)shape[0], 12)),
        _ => new GlobalAveragePool1D(),
    };

    private T Pick<T>(IReadOnlyList<T> options) => options[_random.Next(options.Count)];

    private T Note<T>(T layer) where T : Layer
    {
        _description.Add(layer.GetConfig().ToString());
        return layer;
    }
}
