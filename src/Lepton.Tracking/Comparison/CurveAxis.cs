namespace Lepton.Tracking.Comparison;

/// <summary>What the x of a <see cref="CurvePoint"/> counts.</summary>
public enum CurveAxis
{
    /// <summary>The 1-based epoch: chosen when every compared run logged the metric once per epoch, so runs with different batch sizes line up.</summary>
    Epoch,

    /// <summary>The step the point was logged at (optimizer steps for autologged runs).</summary>
    Step,
}
