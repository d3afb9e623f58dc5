using Lepton.Nn.Layers;
using Onnx;
using static Lepton.Export.Onnx.OnnxAttributes;
using static TorchSharp.torch;

namespace Lepton.Export.Onnx;

/// <summary>
/// <see cref="LSTM"/>, <see cref="GRU"/> and <see cref="SimpleRNN"/> as ONNX's LSTM, GRU and RNN operators, and
/// <see cref="Bidirectional"/> as one bidirectional operator followed by its merge. The engine's gate blocks are
/// reordered for ONNX (LSTM i,f,g,o → i,o,f,c; GRU r,z,n → z,r,h with linear_before_reset=1), and batch-first input goes
/// through Transpose because ONNX Runtime's CPU provider refuses layout=1.
/// </summary>
internal static class RecurrentConverters
{
    public static string Recurrent(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var recurrent = (Recurrent)layer;
        Recurrent[] directions = recurrent.Bidirectional ? [recurrent, recurrent] : [recurrent];
        string[] suffixes = recurrent.Bidirectional ? ["", "_reverse"] : [""];
        var split = Run(graph, layer, recurrent, directions, suffixes, inputs[0]);
        return Merge(graph, layer.Name, split, recurrent.ReturnSequences, "concat");
    }

    public static string Bidirectional(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var bidirectional = (Bidirectional)layer;
        // ONNX's reverse direction reads the steps last to first and writes each step's output at its own time step,
        // which is the wrapper's flip, run, flip back.
        var split = Run(graph, layer, bidirectional.ForwardLayer, [bidirectional.ForwardLayer, bidirectional.BackwardLayer], ["", ""], inputs[0]);
        return Merge(graph, layer.Name, split, bidirectional.ReturnSequences, bidirectional.MergeMode);
    }

    /// <summary>
    /// The operator over <paramref name="input"/>, one direction per entry of <paramref name="directions"/> (the weights
    /// of <c>directions[i]</c> with the engine's suffix <c>suffixes[i]</c>), returning the outputs with the direction axis
    /// second to last: <c>(N, T, D, units)</c> for sequences, <c>(N, D, units)</c> for the last state.
    /// </summary>
    private static string Run(OnnxGraphBuilder graph, Layer layer, Recurrent kind, Recurrent[] directions, string[] suffixes, string input)
    {
        var name = layer.Name;
        var (op, cell, order, attributes) = kind switch
        {
            LSTM => ("LSTM", "lstm", new[] { 0, 3, 1, 2 }, new List<AttributeProto>()),
            GRU => ("GRU", "gru", new[] { 1, 0, 2 }, new List<AttributeProto> { Int("linear_before_reset", 1) }),
            SimpleRNN rnn => ("RNN", "rnn", new[] { 0 }, new List<AttributeProto>
            {
                Strings("activations", [.. Enumerable.Repeat(rnn.Activation == "relu" ? "Relu" : "Tanh", directions.Length)]),
            }),
            _ => throw LayerConverters.Unsupported(layer, $"the exporter has no recurrent operator for {kind.GetType().Name}"),
        };
        attributes.Add(Int("hidden_size", kind.Units));
        attributes.Add(String("direction", directions.Length == 2 ? "bidirectional" : "forward"));

        Tensor Weight(int d, string tensor) => LayerWeights.Get(directions[d], $"{cell}.{tensor}_l0{suffixes[d]}");
        Tensor Reordered(Tensor t)
        {
            var chunks = t.chunk(order.Length, 0);
            return cat(order.Select(i => chunks[i]).ToList(), 0);
        }
        Tensor Stacked(Func<int, Tensor> perDirection) => stack(Enumerable.Range(0, directions.Length).Select(perDirection).ToList(), 0);

        // The first direction's tensor identifies each initializer, so a layer applied twice writes its weights once.
        var w = graph.Weight(Weight(0, "weight_ih"), $"{name}.W", $"onnx_{op}_W", _ => Stacked(d => Reordered(Weight(d, "weight_ih"))));
        var r = graph.Weight(Weight(0, "weight_hh"), $"{name}.R", $"onnx_{op}_R", _ => Stacked(d => Reordered(Weight(d, "weight_hh"))));
        var b = graph.Weight(Weight(0, "bias_ih"), $"{name}.B", $"onnx_{op}_B",
            _ => Stacked(d => cat([Reordered(Weight(d, "bias_ih")), Reordered(Weight(d, "bias_hh"))], 0)));

        var timeMajor = graph.Node("Transpose", [input], $"{name}/time_major", Ints("perm", 1, 0, 2));
        var outputs = graph.Nodes(op, [timeMajor, w, r, b], [$"{name}/Y", $"{name}/Y_h"], [.. attributes]);
        // Y is (T, D, N, units), Y_h (D, N, units): the batch goes first again.
        return kind.ReturnSequences
            ? graph.Node("Transpose", [outputs[0]], $"{name}/sequences", Ints("perm", 2, 0, 1, 3))
            : graph.Node("Transpose", [outputs[1]], $"{name}/last", Ints("perm", 1, 0, 2));
    }

    /// <summary>The directions (on the second-to-last axis) side by side, summed, multiplied or averaged.</summary>
    private static string Merge(OnnxGraphBuilder graph, string name, string split, bool sequences, string mode) => mode switch
    {
        "concat" => graph.Node("Reshape", [split, graph.Int64s(sequences ? [0, 0, -1] : [0, -1])], name),
        "sum" => graph.Node("ReduceSum", [split, graph.Int64s(-2)], name, Int("keepdims", 0)),
        "mul" => graph.Node("ReduceProd", [split], name, Ints("axes", -2), Int("keepdims", 0)),
        _ => graph.Node("ReduceMean", [split], name, Ints("axes", -2), Int("keepdims", 0)),
    };
}
