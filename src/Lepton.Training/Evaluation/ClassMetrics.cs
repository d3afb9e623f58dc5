namespace Lepton.Training.Evaluation;

/// <summary>One class's figures: of the rows predicted as it, the share that are (precision); of its rows, the share found (recall); their harmonic mean; its number of true rows.</summary>
/// <param name="Name">The class name.</param>
/// <param name="Precision">True positives over predicted positives (0 when nothing was predicted as this class, as scikit-learn).</param>
/// <param name="Recall">True positives over the class's rows (0 when it has none).</param>
/// <param name="F1">2 · precision · recall / (precision + recall), i.e. 2TP / (2TP + FP + FN).</param>
/// <param name="Support">The class's number of true rows.</param>
public sealed record ClassMetrics(string Name, double Precision, double Recall, double F1, long Support);
