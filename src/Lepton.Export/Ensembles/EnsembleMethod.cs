namespace Lepton.Export.Ensembles;

/// <summary>How an <see cref="Ensemble"/> combines its members' predictions.</summary>
public enum EnsembleMethod
{
    /// <summary>The (weighted) mean of the members' class probabilities (scikit-learn's soft voting).</summary>
    Averaging,

    /// <summary>
    /// Each member votes for its most probable class, with its weight; the output is each class's share of the votes.
    /// A tie goes to the lowest class index, as scikit-learn's hard voting and argmax do.
    /// </summary>
    Voting,

    /// <summary>A softmax regression (the meta-learner) over the members' probabilities, fitted on held-out rows by <see cref="Ensemble.FitMetaLearner"/>.</summary>
    Stacking,
}
