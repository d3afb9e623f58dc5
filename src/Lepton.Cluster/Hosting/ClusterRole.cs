namespace Lepton.Cluster.Hosting;

/// <summary>What a silo of a Lepton cluster is for.</summary>
public enum ClusterRole
{
    /// <summary>Runs trials (and, later, training shards).</summary>
    Worker,

    /// <summary>Serves models only: no trial is placed on it.</summary>
    Serving,
}
