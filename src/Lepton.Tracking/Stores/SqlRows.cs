using System.Text.Json;

namespace Lepton.Tracking.Stores;

// Rows as Dapper reads them (snake_case columns matched to these names) (Unix milliseconds, text statuses); turned into the public records at the edge.
#pragma warning disable CA1812 // instantiated by Dapper

internal sealed class ExperimentRow
{
    public long ExperimentId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public long CreatedAt { get; set; }

    public Experiment ToExperiment() => new(ExperimentId, Name, Description, SqlTime.From(CreatedAt));
}

internal sealed class RunRow
{
    public string RunId { get; set; } = "";
    public long ExperimentId { get; set; }
    public string Name { get; set; } = "";
    public string Status { get; set; } = "";
    public long StartTime { get; set; }
    public long? EndTime { get; set; }
    public long Heartbeat { get; set; }
    public string? Source { get; set; }
    public string? GitCommit { get; set; }
    public string Host { get; set; } = "";
    public long ProcessId { get; set; }
    public string Environment { get; set; } = "{}";

    public RunInfo ToInfo() => new(
        RunId,
        ExperimentId,
        Name,
        SqlMetadataStore.ParseStatus(Status),
        SqlTime.From(StartTime),
        EndTime is { } end ? SqlTime.From(end) : null,
        Source,
        GitCommit,
        Host,
        (int)ProcessId,
        JsonSerializer.Deserialize(Environment, TrackingJson.Default.RunEnvironment) ?? RunEnvironment.Unknown);
}

internal sealed class KeyValueRow
{
    public string RunId { get; set; } = "";
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}

internal sealed class MetricRow
{
    public string RunId { get; set; } = "";
    public string Key { get; set; } = "";
    public long Step { get; set; }
    public long? Epoch { get; set; }
    public long MeasuredAt { get; set; }
    public double? Value { get; set; }

    public MetricPoint ToPoint() => new(Key, Value ?? double.NaN, Step, Epoch is { } e ? (int)e : null, SqlTime.From(MeasuredAt));
}

internal sealed class ArtifactRow
{
    public string Path { get; set; } = "";
    public string Hash { get; set; } = "";
    public long Size { get; set; }
    public long CreatedAt { get; set; }

    public ArtifactEntry ToEntry() => new(Path, Hash, Size, SqlTime.From(CreatedAt));
}

internal sealed class DatasetRow
{
    public string RunId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Hash { get; set; } = "";
    public long RowCount { get; set; }
    public string SchemaText { get; set; } = "";
    public string Context { get; set; } = "";

    public RunDataset ToDataset() => new(new DatasetFingerprint(Name, Hash, RowCount, SchemaText), Context);
}

internal sealed class ModelRow
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long LastVersion { get; set; }
}

internal sealed class VersionRow
{
    public string Name { get; set; } = "";
    public long Version { get; set; }
    public string? RunId { get; set; }
    public string ArtifactHash { get; set; } = "";
    public string Source { get; set; } = "";
    public string? Description { get; set; }
    public long CreatedAt { get; set; }
}

internal sealed class AliasRow
{
    public string Name { get; set; } = "";
    public string Alias { get; set; } = "";
    public long Version { get; set; }
}

internal sealed class DeploymentRow
{
    public long DeploymentId { get; set; }
    public string Name { get; set; } = "";
    public long Version { get; set; }
    public string Target { get; set; } = "";
    public long DeployedAt { get; set; }

    public Deployment ToDeployment() => new(DeploymentId, Name, (int)Version, Target, SqlTime.From(DeployedAt));
}

internal sealed class AliasChangeRow
{
    public string Name { get; set; } = "";
    public string Alias { get; set; } = "";
    public long? FromVersion { get; set; }
    public long? ToVersion { get; set; }
    public long ChangedAt { get; set; }
    public string Actor { get; set; } = "";

    public AliasChange ToChange() => new(Name, Alias, (int?)FromVersion, (int?)ToVersion, SqlTime.From(ChangedAt), Actor);
}

internal sealed class LiveRunRow
{
    public string RunId { get; set; } = "";
    public string Host { get; set; } = "";
    public long ProcessId { get; set; }
    public long StartTime { get; set; }
    public long Heartbeat { get; set; }
}

internal sealed class RecordedDatasetRow
{
    public string Name { get; set; } = "";
    public string Hash { get; set; } = "";
    public long RowCount { get; set; }
    public string SchemaText { get; set; } = "";
    public long Runs { get; set; }
    public long LastUsed { get; set; }
    public long HasProfile { get; set; }

    public Datasets.RecordedDataset ToDataset() => new(new DatasetFingerprint(Name, Hash, RowCount, SchemaText), (int)Runs, SqlTime.From(LastUsed), HasProfile != 0);
}

internal sealed class DatasetUseRow
{
    public string RunId { get; set; } = "";
    public string RunName { get; set; } = "";
    public string Experiment { get; set; } = "";
    public string Context { get; set; } = "";
    public long StartTime { get; set; }

    public Datasets.DatasetUse ToUse() => new(RunId, RunName, Experiment, Context, SqlTime.From(StartTime));
}
