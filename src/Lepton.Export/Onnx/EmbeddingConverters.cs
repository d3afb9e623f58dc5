using Lepton.Nn.Layers;
using Onnx;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Onnx;

/// <summary>
/// <see cref="Embedding"/> as Gather (the float ids cast to int64), and the position layers
/// <see cref="PositionEmbedding"/> and <see cref="SinePositionEncoding"/> as their tables expanded over the batch.
/// </summary>
internal static class EmbeddingConverters
{
    public static string Embedding(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var ids = graph.Node("Cast", [inputs[0]], $"{layer.Name}/ids", Int("to", (long)TensorProto.Types.DataType.Int64));
        return graph.Node("Gather", [LayerWeights.Initializer(graph, layer, "embeddings"), ids], layer.Name, Int("axis", 0));
    }

    public static string Position(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var name = layer.Name;
        var steps = layer.InputShapes[0][0];
        string table;
        if (steps > 0)
        {
            table = LayerWeights.Initializer(graph, layer, "positions", $"first{steps}", p => p.narrow(0, 0, steps).unsqueeze(0));
        }
        else
        {
            // The sequence's length is known only at run time: the first that many rows of the table.
            var positions = LayerWeights.Initializer(graph, layer, "positions");
            var length = StepCount(graph, inputs[0], name);
            var rows = graph.Node("Slice", [positions, graph.Int64s(0), length, graph.Int64s(0)], $"{name}/rows");
            table = graph.Node("Unsqueeze", [rows, graph.Int64s(0)], $"{name}/table");
        }
        return graph.Node("Expand", [table, graph.Node("Shape", [inputs[0]], $"{name}/shape")], name);
    }

    public static string Sine(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var encoding = (SinePositionEncoding)layer;
        var (steps, features) = (layer.InputShapes[0][0], layer.InputShapes[0][1]);
        var table = steps > 0 ? FixedSineTable(graph, encoding, steps, features) : SineTable(graph, encoding, inputs[0], features);
        return graph.Node("Expand", [table, graph.Node("Shape", [inputs[0]], $"{layer.Name}/shape")], layer.Name);
    }

    /// <summary>Lepton's table for a known length, in double precision as Lepton computes it, then rounded to float.</summary>
    private static string FixedSineTable(OnnxGraphBuilder graph, SinePositionEncoding encoding, long steps, long features)
    {
        var table = new float[steps * features];
        var frequencies = Frequencies(encoding, features);
        for (var p = 0; p < steps; p++)
        {
            for (var i = 0; i < features; i++)
            {
                var angle = p * frequencies[i];
                table[(p * features) + i] = (float)(i % 2 == 1 ? Math.Cos(angle) : Math.Sin(angle));
            }
        }
        return graph.Floats($"{encoding.Name}.table", table, [1, steps, features]);
    }

    /// <summary>The table for a length known only at run time: positions 0 … T−1 times each feature's frequency, sine for even features, cosine for odd.</summary>
    private static string SineTable(OnnxGraphBuilder graph, SinePositionEncoding encoding, string input, long features)
    {
        var name = encoding.Name;
        var frequencies = Frequencies(encoding, features);
        var steps = graph.Node("Squeeze", [StepCount(graph, input, name), graph.Int64s(0)], $"{name}/step_count");
        var limit = graph.Node("Cast", [steps], $"{name}/limit", Int("to", (long)TensorProto.Types.DataType.Float));
        var positions = graph.Node("Range", [graph.Scalar(0f), limit, graph.Scalar(1f)], $"{name}/positions");
        var column = graph.Node("Unsqueeze", [positions, graph.Int64s(1)], $"{name}/positions_column");
        var rates = graph.Floats($"{name}.frequencies", frequencies.Select(f => (float)f).ToArray(), [1, features]);
        var angles = graph.Node("Mul", [column, rates], $"{name}/angles");
        var even = graph.Floats($"{name}.even", Enumerable.Range(0, (int)features).Select(i => i % 2 == 0 ? 1f : 0f).ToArray(), [1, features]);
        var odd = graph.Floats($"{name}.odd", Enumerable.Range(0, (int)features).Select(i => i % 2 == 1 ? 1f : 0f).ToArray(), [1, features]);
        var sines = graph.Node("Mul", [graph.Node("Sin", [angles], $"{name}/sin"), even], $"{name}/sines");
        var cosines = graph.Node("Mul", [graph.Node("Cos", [angles], $"{name}/cos"), odd], $"{name}/cosines");
        var table = graph.Node("Add", [sines, cosines], $"{name}/table_2d");
        return graph.Node("Unsqueeze", [table, graph.Int64s(0)], $"{name}/table");
    }

    /// <summary>ω_i = maxWavelength^(−2⌊i/2⌋ / features), as Lepton's layer computes it.</summary>
    private static double[] Frequencies(SinePositionEncoding encoding, long features) =>
        Enumerable.Range(0, (int)features).Select(i => Math.Exp((i - (i % 2)) / (double)features * -Math.Log(encoding.MaxWavelength))).ToArray();

    /// <summary>The input's number of time steps (its dimension 1, after the batch) as a one-element int64 tensor.</summary>
    private static string StepCount(OnnxGraphBuilder graph, string input, string name)
    {
        var shape = graph.Node("Shape", [input], $"{name}/shape_of_input");
        return graph.Node("Gather", [shape, graph.Int64s(1)], $"{name}/steps", Int("axis", 0));
    }
}
