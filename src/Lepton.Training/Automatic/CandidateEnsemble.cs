using Lepton.Nn.Layers;
using Lepton.Nn.Losses;
using Lepton.Nn.Models;
using Lepton.Training.Features;

namespace Lepton.Training.Automatic;

/// <summary>
/// Several trained candidates as one model: a functional model whose branches are the candidates' own networks (the
/// gbm's trees are a layer too) on the one features input, each turned into probabilities (classification), and a
/// <see cref="WeightedAverage"/> of them. It saves to one <c>.lepton</c> file that predicts, evaluates and serves like
/// any model; its loss takes probabilities (classification) or values (regression).
/// </summary>
internal static class CandidateEnsemble
{
    /// <summary>
    /// The weighted average of <paramref name="members"/> (weights ≥ 0; members of weight 0 are left out and disposed).
    /// With one member left, that member itself. The members become part of the result: dispose only the result.
    /// </summary>
    /// <param name="members">Models of one input of shape (features), each with distinct names; for classification outputs under a logits or probabilities loss.</param>
    /// <param name="weights">One per member.</param>
    /// <param name="task">Whether to average probabilities or values.</param>
    /// <param name="name">The ensemble's name.</param>
    public static Model Combine(IReadOnlyList<Model> members, IReadOnlyList<double> weights, TrainingTask task, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(weights.Count, members.Count);
        var kept = new List<(Model Model, double Weight)>();
        for (var i = 0; i < members.Count; i++)
        {
            if (weights[i] > 0) kept.Add((members[i], weights[i]));
            else members[i].Dispose();
        }
        if (kept.Count == 0) throw new ArgumentException("Every weight is zero.", nameof(weights));
        if (kept.Count == 1) return kept[0].Model;

        var classification = task == TrainingTask.Classification;
        var input = new Input(kept[0].Model.InputShapes[0], "features");
        var branches = kept.Select(m => classification ? Probabilities(m.Model, m.Model.Apply(input)) : m.Model.Apply(input)).ToArray();
        var output = new WeightedAverage(kept.Select(m => m.Weight).ToArray(), "weighted_average").Apply(branches);
        var ensemble = new Model(input, output, name);
        ensemble.Metadata.OutputLoss = classification ? new SparseCategoricalCrossentropy(fromLogits: false) : new MeanSquaredError();
        return ensemble;
    }

    /// <summary><paramref name="model"/> under another name (a model of one layer: it), so several models of one name fit in one ensemble.</summary>
    public static Model Renamed(Model model, string name)
    {
        var input = new Input(model.InputShapes[0], "features");
        return new Model(input, model.Apply(input), name) { Metadata = { OutputLoss = model.Metadata.OutputLoss } };
    }

    private static SymbolicTensor Probabilities(Model member, SymbolicTensor output) => member.Metadata.OutputLoss switch
    {
        SparseCategoricalCrossentropy { FromLogits: true } => new Activation("softmax", $"{member.Name}_probabilities").Apply(output),
        SparseCategoricalCrossentropy => output,
        var other => throw new ArgumentException($"Candidate '{member.Name}' has the loss {other?.GetType().Name ?? "none"}; an ensemble averages class probabilities from a sparse categorical cross-entropy."),
    };
}
