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
        if (steps <= 0)
            throw LayerConverters.Unsupported(layer, "its input has an unknown number of time steps; give the model's Input a fixed sequence length");
        // The table Lepton computes, in double precision as it does, then rounded to float.
        var table = new float[steps * features];
        for (var p = 0; p < steps; p++)
        {
            for (var i = 0; i < features; i++)
            {
                var angle = p * Math.Exp((i - (i % 2)) / (double)features * -Math.Log(encoding.MaxWavelength));
                table[(p * features) + i] = (float)(i % 2 == 1 ? Math.Cos(angle) : Math.Sin(angle));
            }
        }
        var constant = graph.Floats($"{layer.Name}.table", table, [1, steps, features]);
        return graph.Node("Expand", [constant, graph.Node("Shape", [inputs[0]], $"{layer.Name}/shape")], layer.Name);
    }

    /// <summary>The input's number of time steps (its dimension 1, after the batch) as a one-element int64 tensor.</summary>
    private static string StepCount(OnnxGraphBuilder graph, string input, string name)
    {
        var shape = graph.Node("Shape", [input], $"{name}/shape_of_input");
        return graph.Node("Gather", [shape, graph.Int64s(1)], $"{name}/steps", Int("axis", 0));
    }
}
