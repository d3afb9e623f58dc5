namespace Lepton.Training.Evaluation;

/// <summary>A curve to draw (ROC or precision–recall for one class), its points in order and the area it summarises.</summary>
/// <param name="Label">The class the curve is for.</param>
/// <param name="X">Horizontal coordinates: false-positive rate (ROC) or recall (precision–recall).</param>
/// <param name="Y">Vertical coordinates: true-positive rate (ROC) or precision (precision–recall).</param>
/// <param name="Area">The ROC area under the curve, or the average precision; computed from every point, before thinning.</param>
public sealed record Curve(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, double Area);
