namespace Lepton.Nn.Optimizers;

/// <summary>A learning rate as a function of the optimizer step (Keras's LearningRateSchedule).</summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for step <paramref name="step"/> (0-based).</summary>
    public abstract double Rate(long step);
}
