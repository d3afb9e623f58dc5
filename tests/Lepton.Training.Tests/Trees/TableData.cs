using Lepton.Data;

namespace Lepton.Training.Tests.Trees;

/// <summary>Small tables made deterministically for the tree tests: numeric features with missing values that carry signal.</summary>
internal static class TableData
{
    public const int Features = 6;

    /// <summary>
    /// <paramref name="rows"/> rows; feature 0 is missing in 15% of rows and feature 3 in 10%, the rest now and then.
    /// The target depends on features 0–2 and on whether feature 0 is missing, plus noise.
    /// </summary>
    public static (float[] Features, float[] Score) Make(int rows, int seed)
    {
        var random = new Random(seed);
        var x = new float[rows * Features];
        var score = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            for (var f = 0; f < Features; f++)
            {
                var missing = f switch { 0 => 0.15, 3 => 0.10, _ => 0.02 };
                x[(r * Features) + f] = random.NextDouble() < missing ? float.NaN : (float)((random.NextDouble() * 4) - 2);
            }
            var a = x[r * Features];
            var b = x[(r * Features) + 1];
            var c = x[(r * Features) + 2];
            var s = (float.IsNaN(a) ? 1.5 : a) + (0.8 * (float.IsNaN(b) ? 0 : b * b)) - (float.IsNaN(c) ? 0 : c) + (0.7 * ((random.NextDouble() * 2) - 1));
            score[r] = (float)s;
        }
        return (x, score);
    }

    public static TensorDataset Binary(int rows, int seed)
    {
        var (x, score) = Make(rows, seed);
        return Dataset(x, score.Select(s => s > 1.2f ? 1f : 0f).ToArray(), ["no", "yes"]);
    }

    public static TensorDataset Multiclass(int rows, int seed)
    {
        var (x, score) = Make(rows, seed);
        var classes = score.Select(s => s < 0.5f ? 0L : s < 2f ? 1L : 2L).ToArray();
        return new(TorchSharp.torch.tensor(x).reshape(rows, Features), TorchSharp.torch.tensor(classes), ["low", "mid", "high"]);
    }

    public static TensorDataset Regression(int rows, int seed)
    {
        var (x, score) = Make(rows, seed);
        return Dataset(x, score, null);
    }

    public static TensorDataset Dataset(float[] features, float[] labels, IReadOnlyList<string>? classes) =>
        new(TorchSharp.torch.tensor(features).reshape(labels.Length, features.Length / labels.Length), TorchSharp.torch.tensor(labels), classes);
}
