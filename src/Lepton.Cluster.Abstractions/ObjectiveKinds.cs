namespace Lepton.Cluster;

/// <summary>The objectives every Lepton silo knows, by the name a <see cref="StudySubmission"/> gives them.</summary>
public static class ObjectiveKinds
{
    /// <summary>A training spec's hyperopt section (<c>lepton tune spec.yaml --cluster</c>): the definition is the spec's YAML, the data its table's path.</summary>
    public const string Spec = "spec";
}
