namespace Lepton.Nn.Layers;

/// <summary>What a <see cref="TreeEnsemble"/>'s raw scores mean, which decides the loss that turns them into predictions.</summary>
public enum TreeObjective
{
    /// <summary>One value per output, used as it is (mean squared error).</summary>
    Regression,

    /// <summary>One logit: the probability of the positive class is its sigmoid (binary cross-entropy on logits).</summary>
    Binary,

    /// <summary>One logit per class: the probabilities are their softmax (sparse categorical cross-entropy on logits).</summary>
    Multiclass,
}
