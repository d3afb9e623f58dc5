using Lepton.Export.Ensembles;
using Onnx;
using static Lepton.Export.Onnx.OnnxAttributes;

namespace Lepton.Export.Onnx;

/// <summary>
/// An <see cref="Ensemble"/> as one graph, computing what its <c>Predict</c> does: each member written on the shared
/// inputs with its names prefixed (<c>m0/…</c>, <c>m1/…</c>), its loss's probabilities, then the combination —
/// a weighted sum for averaging; for voting each member's one-hot vote on its most probable class (ArgMax, Equal;
/// probability above 0.5 for one sigmoid output), weighted and summed; for stacking the members' probabilities side
/// by side through the meta-learner's Dense and a softmax (sigmoid for one output).
/// </summary>
internal static class EnsembleConverter
{
    public static string Convert(OnnxGraphBuilder graph, Ensemble ensemble, IReadOnlyList<string> inputs)
    {
        if (ensemble.Method == EnsembleMethod.Stacking && (!ensemble.MetaLearnerFitted || ensemble.MetaLearner is null))
            throw LayerConverters.Unsupported(ensemble, "it stacks its members, but its meta-learner is not fitted yet; call FitMetaLearner with held-out rows first");
        var outer = graph.Prefix;
        var probabilities = new List<string>();
        try
        {
            for (var i = 0; i < ensemble.Members.Count; i++)
            {
                graph.Prefix = $"{outer}m{i}/";
                var member = ensemble.Members[i];
                var raw = LayerConverters.Convert(graph, member, inputs);
                probabilities.Add(ProbabilityConverter.Probabilities(graph, ensemble.LossOfMembers[i], raw, "probabilities"));
            }
            graph.Prefix = $"{outer}{ensemble.Name}/";
            var classes = ensemble.OutputShape[-1];
            return ensemble.Method switch
            {
                EnsembleMethod.Averaging => WeightedMean(graph, probabilities, ensemble.Weights),
                EnsembleMethod.Voting => WeightedMean(graph, probabilities.Select(p => Vote(graph, p, classes)).ToList(), ensemble.Weights),
                _ => Stack(graph, ensemble, probabilities, classes),
            };
        }
        finally
        {
            graph.Prefix = outer;
        }
    }

    /// <summary>Σ pᵢ · wᵢ / Σ w, in member order as Lepton sums it.</summary>
    private static string WeightedMean(OnnxGraphBuilder graph, IReadOnlyList<string> values, IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        string? sum = null;
        for (var i = 0; i < values.Count; i++)
        {
            var term = graph.Node("Mul", [values[i], graph.Scalar((float)(weights[i] / total))], $"weighted_{i}");
            sum = sum is null ? term : graph.Node("Add", [sum, term], "sum");
        }
        return sum!;
    }

    /// <summary>A member's vote: 1 on its most probable class (the first on ties), or 0/1 for one sigmoid output.</summary>
    private static string Vote(OnnxGraphBuilder graph, string probabilities, long classes)
    {
        if (classes == 1)
            return graph.Node("Cast", [graph.Node("Greater", [probabilities, graph.Scalar(0.5f)], "positive")], "vote", Int("to", (long)TensorProto.Types.DataType.Float));
        var best = graph.Node("ArgMax", [probabilities], "best", Int("axis", 1), Int("keepdims", 1), Int("select_last_index", 0));
        var indices = graph.Int64Tensor("classes", [.. Enumerable.Range(0, (int)classes).Select(c => (long)c)], [1, classes]);
        return graph.Node("Cast", [graph.Node("Equal", [best, indices], "is_best")], "vote", Int("to", (long)TensorProto.Types.DataType.Float));
    }

    private static string Stack(OnnxGraphBuilder graph, Ensemble ensemble, IReadOnlyList<string> probabilities, long classes)
    {
        var side = graph.Node("Concat", probabilities, "members", Int("axis", 1));
        var logits = LayerConverters.Convert(graph, ensemble.MetaLearner!, [side]);
        return classes == 1 ? graph.Node("Sigmoid", [logits], "stacked") : graph.Node("Softmax", [logits], "stacked", Int("axis", -1));
    }
}
