using Lepton.Training.Features;

namespace Lepton.Training.Automatic;

/// <summary>
/// Chooses among fits of one candidate at several settings (or among candidates) by their held-out loss, with a prior
/// toward the first (the library default; the simplest candidate): another is taken only when its loss is lower by
/// more than one standard error of the paired per-row difference (Breiman's one-standard-error rule). On a hundred
/// held-out rows, the best of a few by the raw mean is often only the luckiest; the first then stands unless the rows
/// say otherwise.
/// Log loss for classification (a proper score, smooth where accuracy moves by whole rows), squared error for
/// regression.
/// </summary>
internal static class SettingChoice
{
    /// <summary>The index of the chosen setting.</summary>
    /// <param name="predictions">Per setting, rows × outputs: class probabilities, or one predicted value.</param>
    /// <param name="labels">Per row, the class index or the value.</param>
    /// <param name="task">Classification or regression.</param>
    public static int Choose(IReadOnlyList<float[,]> predictions, IReadOnlyList<double> labels, TrainingTask task)
    {
        ArgumentOutOfRangeException.ThrowIfZero(predictions.Count);
        var reference = Losses(predictions[0], labels, task);
        var (chosen, chosenLoss) = (0, reference.Average());
        for (var i = 1; i < predictions.Count; i++)
        {
            var losses = Losses(predictions[i], labels, task);
            var mean = losses.Average();
            if (mean >= chosenLoss) continue;
            var differences = reference.Zip(losses, (a, b) => a - b).ToArray();
            if (differences.Average() > StandardError(differences)) (chosen, chosenLoss) = (i, mean);
        }
        return chosen;
    }

    /// <summary>The mean held-out loss: log loss (classification) or squared error (regression).</summary>
    public static double MeanLoss(float[,] predictions, IReadOnlyList<double> labels, TrainingTask task) => Losses(predictions, labels, task).Average();

    private static double[] Losses(float[,] predictions, IReadOnlyList<double> labels, TrainingTask task)
    {
        var losses = new double[labels.Count];
        for (var r = 0; r < labels.Count; r++)
        {
            losses[r] = task == TrainingTask.Classification
                ? -Math.Log(Math.Max(1e-15, predictions[r, (int)labels[r]]))
                : (predictions[r, 0] - labels[r]) * (predictions[r, 0] - labels[r]);
        }
        return losses;
    }

    private static double StandardError(double[] values)
    {
        if (values.Length < 2) return double.PositiveInfinity;
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return Math.Sqrt(variance / values.Length);
    }
}
