using Lepton.Nn.Losses;
using Onnx;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Onnx;

/// <summary>
/// What a model's loss makes of its raw output when Lepton predicts probabilities (<c>Loss.ToProbabilities</c>):
/// softmax over the classes for categorical cross-entropy on logits, sigmoid for binary cross-entropy on logits, a
/// softmax per class head of a multi-task model; and the class name of the most probable class.
/// </summary>
internal static class ProbabilityConverter
{
    /// <summary>The name of the class-probabilities output of a whole table model.</summary>
    public const string ProbabilitiesName = "probabilities";

    /// <summary>The name of the class-name output of a whole table model.</summary>
    public const string LabelName = "label";

    /// <summary>True when <paramref name="loss"/> turns outputs into probabilities (a classification loss).</summary>
    public static bool GivesProbabilities(Loss? loss) =>
        loss is CategoricalCrossentropy or SparseCategoricalCrossentropy or BinaryCrossentropy
        || loss is MultiOutputLoss multi && multi.Widths.Any(w => w > 1);

    /// <summary>The probabilities the loss makes of <paramref name="output"/>; the output itself when the loss leaves it as it is.</summary>
    public static string Probabilities(OnnxGraphBuilder graph, Loss? loss, string output, string hint)
    {
        switch (loss)
        {
            case MultiOutputLoss multi:
            {
                var parts = new List<string>();
                long offset = 0;
                foreach (var width in multi.Widths)
                {
                    var head = graph.Node("Slice", [output, graph.Int64s(offset), graph.Int64s(offset + width), graph.Int64s(1)], $"{hint}/head");
                    parts.Add(width > 1 ? graph.Node("Softmax", [head], $"{hint}/softmax", Int("axis", -1)) : head);
                    offset += width;
                }
                return parts.Count == 1 ? parts[0] : graph.Node("Concat", parts, hint, Int("axis", 1));
            }
            case CategoricalCrossentropy or SparseCategoricalCrossentropy when loss.FromLogits:
                return graph.Node("Softmax", [output], hint, Int("axis", -1));
            case BinaryCrossentropy when loss.FromLogits:
                return graph.Node("Sigmoid", [output], hint);
            default:
                return output;
        }
    }

    /// <summary>
    /// The name of the most probable class per example, as a [batch, 1] string: ArgMax (the first on ties, as Lepton's
    /// predictions) or, for one sigmoid output of two classes, probability above 0.5; then LabelEncoder to the name.
    /// </summary>
    public static string Label(OnnxGraphBuilder graph, string probabilities, long width, IReadOnlyList<string> classNames)
    {
        var index = width == 1
            ? graph.Node("Cast", [graph.Node("Greater", [probabilities, graph.Scalar(0.5f)], "label/positive")], "label/index", Int("to", (long)TensorProto.Types.DataType.Int64))
            : graph.Node("ArgMax", [probabilities], "label/index", Int("axis", 1), Int("keepdims", 1), Int("select_last_index", 0));
        return graph.DomainNode(TreeEnsembleConverter.Domain, 2, "LabelEncoder", [index], "label/name",
            Ints("keys_int64s", [.. Enumerable.Range(0, classNames.Count).Select(i => (long)i)]),
            Strings("values_strings", [.. classNames]),
            String("default_string", ""));
    }
}
