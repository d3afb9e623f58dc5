namespace Lepton.Training.Evaluation;

/// <summary>Calibration bins of equal width over [0, 1], as scikit-learn's <c>calibration_curve(strategy="uniform")</c>: empty bins are left out.</summary>
internal static class CalibrationCurve
{
    public const int DefaultBins = 10;

    /// <summary>Bins <paramref name="probabilities"/> and, in each, the share of rows where <paramref name="hit"/> is true.</summary>
    public static IReadOnlyList<CalibrationBin> Bins(double[] probabilities, bool[] hit, int bins = DefaultBins)
    {
        var sum = new double[bins];
        var hits = new long[bins];
        var counts = new long[bins];
        for (var i = 0; i < probabilities.Length; i++)
        {
            // scikit-learn 1.2's searchsorted(linspace(0, 1, bins + 1)[1:-1], p): a value on an edge goes to the bin
            // below it, the edges being k · (1 / bins) as numpy computes them (0.30000000000000004, not 0.3).
            var step = 1.0 / bins;
            var bin = 0;
            while (bin < bins - 1 && probabilities[i] > (bin + 1) * step) bin++;
            sum[bin] += probabilities[i];
            counts[bin]++;
            if (hit[i]) hits[bin]++;
        }
        return Enumerable.Range(0, bins).Where(b => counts[b] > 0)
            .Select(b => new CalibrationBin(b / (double)bins, (b + 1) / (double)bins, sum[b] / counts[b], (double)hits[b] / counts[b], counts[b]))
            .ToList();
    }
}
