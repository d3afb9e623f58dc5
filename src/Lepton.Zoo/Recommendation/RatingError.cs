namespace Lepton.Zoo.Recommendation;

/// <summary>The error of predicted ratings.</summary>
internal static class RatingError
{
    public static double Rmse(IReadOnlyList<float> predicted, IReadOnlyList<float> actual)
    {
        if (predicted.Count != actual.Count) throw new ArgumentException($"{predicted.Count} predictions for {actual.Count} ratings.", nameof(predicted));
        if (actual.Count == 0) throw new ArgumentException("There are no ratings to score.", nameof(actual));
        var sum = 0.0;
        for (var i = 0; i < actual.Count; i++)
        {
            var d = (double)predicted[i] - actual[i];
            sum += d * d;
        }
        return Math.Sqrt(sum / actual.Count);
    }
}
