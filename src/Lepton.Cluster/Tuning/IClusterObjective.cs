namespace Lepton.Cluster.Tuning;

/// <summary>
/// An objective a silo can run for a submitted study, registered in the silo's services: it turns a
/// <see cref="StudySubmission"/> whose <see cref="StudySubmission.Objective"/> is <see cref="Kind"/> into the study's
/// search space, tuner options and objective. Every silo opens the same submission the same way.
/// </summary>
public interface IClusterObjective
{
    /// <summary>The name submissions give for this objective (<c>spec</c>).</summary>
    string Kind { get; }

    /// <summary>Builds the study <paramref name="submission"/> describes (reading its data, say).</summary>
    ClusterStudy Open(StudySubmission submission, CancellationToken cancellationToken);
}
