namespace Lepton.Bench;

/// <summary>One timed round of one loop: wall time, what the loop reported, and the peak resident memory meanwhile.</summary>
internal sealed record Measurement(double Seconds, RoundOutcome Outcome, double? PeakRssMib)
{
    public double SamplesPerSecond => Outcome.Samples / Seconds;

    /// <summary>The median samples/s of <paramref name="rounds"/>.</summary>
    public static double Median(IReadOnlyList<Measurement> rounds)
    {
        var sorted = rounds.Select(r => r.SamplesPerSecond).Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
