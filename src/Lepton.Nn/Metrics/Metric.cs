using static TorchSharp.torch;

namespace Lepton.Nn.Metrics;

/// <summary>
/// A quantity computed over a whole pass (epoch), not averaged per batch: each batch updates the state and
/// <see cref="Result"/> reads it. Outputs arrive as probabilities (the loss converts logits) or values.
/// </summary>
public abstract class Metric
{
    /// <summary>The name logged in History and progress lines (<c>accuracy</c>, <c>f1_macro</c>).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Whether a higher or a lower value is better, as a Keras 3 metric's direction: what callbacks in
    /// <c>Auto</c> mode go by and what an autologged run records. Every built-in metric says its own; a metric that
    /// does not override this gets what its <see cref="Name"/> suggests (<see cref="MetricDirections.FromName"/>).
    /// </summary>
    public virtual MetricDirection Direction => MetricDirections.FromName(Name);

    /// <summary>Forgets everything seen, at the start of each pass.</summary>
    public abstract void Reset();

    /// <summary>Adds one batch: model outputs (probabilities or values) and targets, batch dimension first.</summary>
    public abstract void Update(Tensor outputs, Tensor targets);

    /// <summary>The metric over everything seen since <see cref="Reset"/>.</summary>
    public abstract double Result();

    /// <summary>A fresh, empty copy with the same settings (one per pass: training and validation).</summary>
    public abstract Metric Clone();

    /// <inheritdoc />
    public override string ToString() => Name;
}
