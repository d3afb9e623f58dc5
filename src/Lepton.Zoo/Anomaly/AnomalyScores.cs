using Lepton.Data;
using Lepton.Nn.Metrics;
using static TorchSharp.torch;

namespace Lepton.Zoo.Anomaly;

/// <summary>How well anomaly scores separate anomalies from normal examples: the figures the anomaly recipes report.</summary>
internal static class AnomalyScores
{
    /// <summary>The detector's score of every example, in order.</summary>
    public static float[] Of(AnomalyAutoencoder detector, Tensor examples)
    {
        using var data = new TensorDataset(examples.alias(), null);
        using var scores = detector.Predict(data, batchSize: 512);
        return scores.flatten().data<float>().ToArray();
    }

    /// <summary>ROC-AUC of <paramref name="scores"/> against <paramref name="isAnomaly"/> (higher score = more anomalous).</summary>
    public static double RocAuc(float[] scores, bool[] isAnomaly)
    {
        if (scores.Length != isAnomaly.Length) throw new ArgumentException($"{scores.Length} scores but {isAnomaly.Length} labels.", nameof(isAnomaly));
        using var scope = NewDisposeScope();
        var metric = new RocAuc();
        metric.Update(tensor(scores).reshape(-1, 1), tensor(isAnomaly.Select(a => a ? 1L : 0L).ToArray()));
        return metric.Result();
    }

    /// <summary>The <paramref name="q"/>-quantile (linear interpolation, as numpy) of <paramref name="values"/>.</summary>
    public static double Quantile(IReadOnlyList<float> values, double q)
    {
        var sorted = values.Select(v => (double)v).Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    /// <summary>At <paramref name="threshold"/>: the share of anomalies flagged, and the share of normal examples flagged.</summary>
    public static (double Recall, double FalseAlarms) At(float[] scores, bool[] isAnomaly, double threshold)
    {
        var anomalies = scores.Where((_, i) => isAnomaly[i]).ToArray();
        var normal = scores.Where((_, i) => !isAnomaly[i]).ToArray();
        return (anomalies.Count(s => s > threshold) / (double)Math.Max(anomalies.Length, 1), normal.Count(s => s > threshold) / (double)Math.Max(normal.Length, 1));
    }
}
