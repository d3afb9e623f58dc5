using Lepton.Nn.Layers;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Onnx;

/// <summary><see cref="Dense"/>: Gemm for a batch of vectors, MatMul then Add for higher-rank input; then its activation.</summary>
internal static class DenseConverter
{
    public static string Convert(OnnxGraphBuilder graph, Layer layer, IReadOnlyList<string> inputs)
    {
        var dense = (Dense)layer;
        var hint = dense.Activation is null ? dense.Name : $"{dense.Name}/linear";
        string y;
        if (dense.InputShapes[0].Rank == 1)
        {
            List<string> args = [inputs[0], LayerWeights.Initializer(graph, dense, "weight")];
            if (dense.UseBias) args.Add(LayerWeights.Initializer(graph, dense, "bias"));
            y = graph.Node("Gemm", args, hint, Int("transB", 1));
        }
        else
        {
            // The engine's weight is (units, features); MatMul wants (features, units).
            var kernel = LayerWeights.Initializer(graph, dense, "weight", "transposed", w => w.t());
            y = graph.Node("MatMul", [inputs[0], kernel], dense.UseBias ? $"{dense.Name}/matmul" : hint);
            if (dense.UseBias) y = graph.Node("Add", [y, LayerWeights.Initializer(graph, dense, "bias")], hint);
        }
        return ActivationConverter.Apply(graph, dense.Activation, y, dense.Name) ?? y;
    }
}
