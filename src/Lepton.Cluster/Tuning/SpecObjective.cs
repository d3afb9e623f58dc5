using Lepton.Data.Tables;
using Lepton.Training.Specs;
using Lepton.Training.Tuning;

namespace Lepton.Cluster.Tuning;

/// <summary>
/// The objective of <c>lepton tune spec.yaml --cluster</c>: a training spec's hyperopt section, each trial the spec
/// trained with the trial's values, on the table named in the submission (a path every silo can read).
/// </summary>
internal sealed class SpecObjective : IClusterObjective
{
    public string Kind => ObjectiveKinds.Spec;

    public ClusterStudy Open(StudySubmission submission, CancellationToken cancellationToken)
    {
        var spec = TrainingSpec.Parse(submission.Definition, submission.Name);
        var data = submission.Data ?? throw new InvalidOperationException($"The study '{submission.Name}' names no table; submit the path of its table (a file every silo can read).");
        var table = Table.ReadAsync(data, new TableReadOptions(), cancellationToken).GetAwaiter().GetResult();
        try
        {
            var tuner = new SpecTuner(spec, table, cancellationToken);
            // The silo sets the store (the cluster's tracking database) in place of this one.
            return new ClusterStudy(tuner.Space, tuner.Options(submission.Name, new Lepton.Tuning.Studies.InMemoryStudyStore(), submission.Seed),
                (trial, token) => tuner.Score(trial, token), table);
        }
        catch
        {
            table.Dispose();
            throw;
        }
    }
}
