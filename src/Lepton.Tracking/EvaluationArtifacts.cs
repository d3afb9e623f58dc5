namespace Lepton.Tracking;

/// <summary>
/// Where a <c>lepton evaluate</c> run (<see cref="RunTags.EvaluationKind"/>) keeps its files, so the command that
/// writes them and the dashboard that reads them agree on one set of paths.
/// </summary>
public static class EvaluationArtifacts
{
    /// <summary>The evaluation as JSON: metrics, per-class figures, confusion matrix or residuals, curves; for a multi-output model, one such object per output.</summary>
    public const string Json = "evaluation.json";

    /// <summary>The self-contained HTML report, charts inside.</summary>
    public const string Report = "evaluation.html";

    /// <summary>The folder of the report's charts as PNG files.</summary>
    public const string Charts = "evaluation_files";
}
