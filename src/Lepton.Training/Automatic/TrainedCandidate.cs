using System.Globalization;
using Lepton.Nn.Models;
using Lepton.Training.Features;

namespace Lepton.Training.Automatic;

/// <summary>A candidate <see cref="TableTrainer"/> trained: its model, its predictions on the selection rows and their score.</summary>
internal sealed record TrainedCandidate(string Name, Model Model, float[,] Predictions, (double Score, double TieBreak) Validation)
{
    /// <summary>The name the kept model has in the trials when it is a weighted ensemble of candidates.</summary>
    public const string EnsembleName = "ensemble";

    /// <summary>
    /// The model to keep: the first candidate (the cheapest and simplest: linear) unless another's loss on the same rows
    /// (log loss, or squared error) is lower by more than one standard error (<see cref="SettingChoice"/>; then the
    /// lowest of those), or the weighted ensemble of the candidates (<see cref="EnsembleSelection"/>) when it scores
    /// better on the same rows than that one (accuracy, then log loss; or R²) and its loss (log loss, or squared error) is lower than the best candidate's by more than one standard error
    /// (<see cref="SettingChoice"/>): its weights were chosen on those same rows, so a win of a row or two on a small
    /// table is mostly selection luck. It is then added to <paramref name="trials"/> with its weights. The models not
    /// kept are disposed.
    /// </summary>
    public static (Model Model, string Kept, List<CandidateTrial> Trials) Keep(List<TrainedCandidate> trained, double[] labels, TrainingTask task,
        List<CandidateTrial> trials)
    {
        if (trained.Count == 0) throw new TrainingException("No candidate was trained.");
        // The first (cheapest, simplest) candidate unless another's loss is lower by more than the rows' noise.
        var best = trained[SettingChoice.Choose([.. trained.Select(c => c.Predictions)], labels, task)];
        if (trained.Count > 1)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var predictions = trained.Select(c => c.Predictions).ToList();
            var weights = EnsembleSelection.Select(predictions, labels, task);
            var score = EnsembleSelection.Evaluate(weights, predictions, labels, task);
            // Its weights were fitted on these rows, so it must also beat the best single candidate's loss by more than their noise.
            if (weights.Count(w => w > 0) > 1 && score.CompareTo(best.Validation) > 0
                && SettingChoice.Choose([best.Predictions, EnsembleSelection.Average(weights, predictions)], labels, task) == 1)
            {
                var ensemble = CandidateEnsemble.Combine(trained.Select(c => c.Model).ToList(), weights, task, EnsembleName);
                var parts = trained.Select((c, i) => (c.Name, Weight: weights[i])).Where(p => p.Weight > 0)
                    .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Weight:0.##}"));
                trials.Add(new CandidateTrial(EnsembleName, score.Score, clock.Elapsed,
                    $"weighted average of {(task == TrainingTask.Classification ? "probabilities" : "predictions")}: {string.Join(", ", parts)}"));
                return (ensemble, EnsembleName, trials);
            }
        }
        foreach (var candidate in trained.Where(c => !ReferenceEquals(c, best))) candidate.Model.Dispose();
        return (best.Model, best.Name, trials);
    }
}
