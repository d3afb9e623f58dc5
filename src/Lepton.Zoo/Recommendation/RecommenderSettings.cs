namespace Lepton.Zoo.Recommendation;

/// <summary>The recommender recipe's hyperparameters, full and quick.</summary>
internal sealed record RecommenderSettings(
    int Factors, double Regularization, double LearningRate, int Epochs, int BatchSize,
    int NcfFactors, double NcfLearningRate, int NcfEpochs, int NcfBatchSize, int SplitSeed = 1)
{
    public static RecommenderSettings Full { get; } = new(64, 0.1, 0.005, 15, 1024, 16, 0.001, 10, 256);

    public static RecommenderSettings Quick { get; } = new(16, 0.05, 0.01, 15, 256, 8, 0.005, 5, 256);
}
