namespace Lepton.Data.Pipelines;

/// <summary>How <see cref="Pipeline.SelectBest"/> scores each numeric feature against a class target.</summary>
public enum FeatureScore
{
    /// <summary>scikit-learn's chi² statistic over class sums of a non-negative feature (counts, one-hot, min-max scaled).</summary>
    Chi2,

    /// <summary>Mutual information (nats) between the feature cut into 10 equal-frequency bins and the class.</summary>
    MutualInformation,
}
