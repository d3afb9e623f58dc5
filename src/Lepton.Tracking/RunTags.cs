namespace Lepton.Tracking;

/// <summary>
/// Tags Lepton's commands put on the runs they record, read back by <c>lepton runs</c> and the dashboard: what kind of
/// run it is, its parent, and for <c>lepton tune</c> the study and trial. One place for the names, so writers and
/// readers cannot drift apart.
/// </summary>
public static class RunTags
{
    /// <summary>What made a run a special one: <see cref="TuningKind"/>, <c>cross_validation</c>.</summary>
    public const string Kind = "lepton.kind";

    /// <summary>The <see cref="Kind"/> of a <c>lepton tune</c> study's own run.</summary>
    public const string TuningKind = "tuning";

    /// <summary>The id of the run this one belongs to: a study's trial, a cross-validation fold.</summary>
    public const string ParentRun = "parent_run";

    /// <summary>The study a tuning run or trial belongs to.</summary>
    public const string Study = "study";

    /// <summary>A trial's number in its study (on a study's run: the best trial's).</summary>
    public const string Trial = "trial";

    /// <summary>How a trial ended: <c>complete</c>, <c>pruned</c>, <c>failed</c>.</summary>
    public const string TrialState = "trial_state";

    /// <summary>The prefix of a study run's metrics that hold each parameter's fANOVA importance (<c>importance.lr</c>).</summary>
    public const string ImportancePrefix = "importance.";

    /// <summary>The <see cref="Kind"/> of a <c>lepton evaluate</c> run: a registered model version scored on labelled data.</summary>
    public const string EvaluationKind = "evaluation";

    /// <summary>On a <c>lepton evaluate</c> run: the name of the registered model it evaluated.</summary>
    public const string EvaluationModel = "lepton.evaluation.model";

    /// <summary>On a <c>lepton evaluate</c> run: the number of the version of <see cref="EvaluationModel"/> it evaluated.</summary>
    public const string EvaluationVersion = "lepton.evaluation.version";
}
