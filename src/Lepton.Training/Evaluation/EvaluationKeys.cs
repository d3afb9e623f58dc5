namespace Lepton.Training.Evaluation;

/// <summary>Metric keys of the evaluation figures that are not Lepton.Nn metrics (those keep their <c>Metric.Name</c>).</summary>
public static class EvaluationKeys
{
    /// <summary>Log loss (cross-entropy of the predicted probabilities), lower is better.</summary>
    public const string LogLoss = "log_loss";
}
