namespace Lepton.Tracking;

/// <summary>
/// Which part of a metric's history to read and how thinly: the steps from <paramref name="MinStep"/> to
/// <paramref name="MaxStep"/> (both included, open when null), thinned to at most <paramref name="MaxPoints"/> points
/// for a chart, or whole when it is null.
/// </summary>
/// <param name="MinStep">The first step to include; from the start when null.</param>
/// <param name="MaxStep">The last step to include; to the end when null.</param>
/// <param name="MaxPoints">The most points to return (at least 4): a chart asks for about its width in pixels.</param>
public sealed record MetricSeriesQuery(long? MinStep = null, long? MaxStep = null, int? MaxPoints = null)
{
    /// <summary>Throws Invalid, naming the field, when the range is empty by construction or the point budget too small.</summary>
    internal void Check()
    {
        if (MaxPoints is < 4)
            throw TrackingException.Invalid($"MaxPoints is {MaxPoints}; a thinned series keeps at least 4 points (its ends and one bucket's lowest and highest), or leave it null for every point.");
        if (MinStep > MaxStep) throw TrackingException.Invalid($"MinStep {MinStep} is above MaxStep {MaxStep}; give a range with MinStep ≤ MaxStep.");
    }
}
