using Lepton.Training.Features;

namespace Lepton.Training.Automatic;

/// <summary>
/// Greedy ensemble selection with replacement (Caruana et al., 2004, as AutoGluon's weighted ensemble): start empty,
/// and for a fixed number of rounds add the candidate whose addition makes the averaged predictions score best on the
/// selection rows; a candidate's weight is how often it was added. Classification averages probabilities and scores
/// accuracy, ties broken by log loss (accuracy alone moves in steps of one row on a small table); regression averages
/// the predictions and scores the mean squared error.
/// </summary>
internal static class EnsembleSelection
{
    public const int Rounds = 25;

    /// <summary>The weights, summing to 1, one per candidate.</summary>
    /// <param name="predictions">Per candidate, rows × outputs: class probabilities, or one predicted value.</param>
    /// <param name="labels">Per row, the class index or the value.</param>
    /// <param name="task">Classification or regression.</param>
    public static double[] Select(IReadOnlyList<float[,]> predictions, IReadOnlyList<double> labels, TrainingTask task)
    {
        ArgumentOutOfRangeException.ThrowIfZero(predictions.Count);
        var rows = labels.Count;
        var outputs = predictions[0].GetLength(1);
        var sum = new double[rows, outputs];
        var counts = new int[predictions.Count];
        for (var round = 1; round <= Rounds; round++)
        {
            var chosen = -1;
            (double, double) chosenScore = (double.NegativeInfinity, double.NegativeInfinity);
            for (var c = 0; c < predictions.Count; c++)
            {
                var score = Score(sum, predictions[c], round, labels, task);
                if (chosen < 0 || score.CompareTo(chosenScore) > 0) (chosen, chosenScore) = (c, score);
            }
            counts[chosen]++;
            for (var r = 0; r < rows; r++)
            {
                for (var k = 0; k < outputs; k++) sum[r, k] += predictions[chosen][r, k];
            }
        }
        return counts.Select(n => n / (double)Rounds).ToArray();
    }

    /// <summary>
    /// The score of the weighted average of <paramref name="predictions"/>, higher is better: accuracy and, to break
    /// ties, minus the log loss; or R² (and 0).
    /// </summary>
    public static (double Score, double TieBreak) Evaluate(IReadOnlyList<double> weights, IReadOnlyList<float[,]> predictions, IReadOnlyList<double> labels, TrainingTask task)
    {
        var average = WeightedSum(weights, predictions);
        return task == TrainingTask.Classification ? (Accuracy(average, labels), -LogLoss(average, labels)) : (R2(average, labels), 0);
    }

    /// <summary>The weighted average of <paramref name="predictions"/> (weights summing to 1), rows × outputs.</summary>
    public static float[,] Average(IReadOnlyList<double> weights, IReadOnlyList<float[,]> predictions)
    {
        var sum = WeightedSum(weights, predictions);
        var average = new float[sum.GetLength(0), sum.GetLength(1)];
        for (var r = 0; r < sum.GetLength(0); r++)
        {
            for (var k = 0; k < sum.GetLength(1); k++) average[r, k] = (float)sum[r, k];
        }
        return average;
    }

    private static double[,] WeightedSum(IReadOnlyList<double> weights, IReadOnlyList<float[,]> predictions)
    {
        var rows = predictions[0].GetLength(0);
        var outputs = predictions[0].GetLength(1);
        var average = new double[rows, outputs];
        for (var c = 0; c < predictions.Count; c++)
        {
            if (weights[c] == 0) continue;
            for (var r = 0; r < rows; r++)
            {
                for (var k = 0; k < outputs; k++) average[r, k] += weights[c] * predictions[c][r, k];
            }
        }
        return average;
    }

    /// <summary>The score of the current sum plus one more member, averaged over <paramref name="members"/>: higher is better.</summary>
    private static (double, double) Score(double[,] sum, float[,] added, int members, IReadOnlyList<double> labels, TrainingTask task)
    {
        var rows = labels.Count;
        var outputs = sum.GetLength(1);
        if (task == TrainingTask.Regression)
        {
            var squared = 0.0;
            for (var r = 0; r < rows; r++)
            {
                var error = (sum[r, 0] + added[r, 0]) / members - labels[r];
                squared += error * error;
            }
            return (-squared, 0);
        }
        var correct = 0;
        var logLoss = 0.0;
        for (var r = 0; r < rows; r++)
        {
            var truth = (int)labels[r];
            var top = 0;
            var topValue = double.NegativeInfinity;
            for (var k = 0; k < outputs; k++)
            {
                var p = (sum[r, k] + added[r, k]) / members;
                if (p > topValue) (top, topValue) = (k, p);
            }
            if (top == truth) correct++;
            logLoss -= Math.Log(Math.Max(1e-15, (sum[r, truth] + added[r, truth]) / members));
        }
        return (correct, -logLoss);
    }

    private static double Accuracy(double[,] average, IReadOnlyList<double> labels)
    {
        var correct = 0;
        for (var r = 0; r < labels.Count; r++)
        {
            var top = 0;
            for (var k = 1; k < average.GetLength(1); k++)
            {
                if (average[r, k] > average[r, top]) top = k;
            }
            if (top == (int)labels[r]) correct++;
        }
        return correct / (double)labels.Count;
    }

    private static double LogLoss(double[,] average, IReadOnlyList<double> labels)
    {
        var sum = 0.0;
        for (var r = 0; r < labels.Count; r++) sum -= Math.Log(Math.Max(1e-15, average[r, (int)labels[r]]));
        return sum / labels.Count;
    }

    private static double R2(double[,] average, IReadOnlyList<double> labels)
    {
        var mean = labels.Average();
        double residual = 0, total = 0;
        for (var r = 0; r < labels.Count; r++)
        {
            residual += (average[r, 0] - labels[r]) * (average[r, 0] - labels[r]);
            total += (labels[r] - mean) * (labels[r] - mean);
        }
        return total > 0 ? 1 - residual / total : 0;
    }
}
