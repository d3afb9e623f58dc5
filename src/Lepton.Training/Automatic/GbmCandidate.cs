using Lepton.Data.Pipelines;
using Lepton.Nn.Layers;
using Lepton.Nn.Models;
using Lepton.Training.Features;
using Lepton.Training.Trees;

namespace Lepton.Training.Automatic;

/// <summary>The gradient-boosted trees candidate: LightGBM, stopping early on the validation rows.</summary>
internal static class GbmCandidate
{
    public static (Model Model, string Note) Train(TableDataset fit, TableDataset validation, TrainingTask task, int seed)
    {
        var options = new GradientBoostingOptions
        {
            NumberOfTrees = 300,
            LearningRate = 0.1,
            EarlyStoppingRounds = 20,
            // LightGBM's 20 rows per leaf leaves a small table (iris: 96 training rows) with stumps.
            MinimumExamplesPerLeaf = Math.Clamp(fit.Count / 20, 3, 20),
            Seed = seed,
        };
        var objective = task == TrainingTask.Classification ? TreeObjective.Multiclass : TreeObjective.Regression;
        var model = new GradientBoostingTrainer(options).Fit(fit, objective, validation, "gbm");
        var trees = model.Layers.OfType<TreeEnsemble>().Single().Trees;
        return (model, $"{trees} trees, learning rate {options.LearningRate}, at least {options.MinimumExamplesPerLeaf} rows per leaf");
    }
}
