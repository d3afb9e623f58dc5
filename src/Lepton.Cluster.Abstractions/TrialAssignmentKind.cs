namespace Lepton.Cluster;

/// <summary>What a coordinator answers a worker that asks for a trial.</summary>
[GenerateSerializer, Alias("lepton.trial-assignment-kind")]
public enum TrialAssignmentKind
{
    /// <summary>Run the trial given.</summary>
    Run,

    /// <summary>Nothing to start now, but trials still run (one may yet be lost and re-queued): ask again shortly.</summary>
    Wait,

    /// <summary>The study is complete.</summary>
    Done,

    /// <summary>The coordinator does not know the study (it moved to another silo): submit it again.</summary>
    Unknown,
}
