using Lepton.Tracking.Stores;

namespace Lepton.Tracking.Studies;

// Rows of the study tables as Dapper reads them (snake_case columns matched to these names, Unix milliseconds, text
// states). The tuning bridge turns them into its own records; nothing here knows a search space or a sampler.
#pragma warning disable CA1812 // instantiated by Dapper

internal sealed class StudyRow
{
    public long StudyId { get; set; }
    public string Name { get; set; } = "";
    public string Direction { get; set; } = "";
    public string Space { get; set; } = "";
    public long CreatedAt { get; set; }

    public StudyEntry ToEntry() => new(StudyId, Name, Direction, Space, SqlTime.From(CreatedAt));
}

internal sealed class TrialRow
{
    public long TrialId { get; set; }
    public long Number { get; set; }
    public string State { get; set; } = "";
    public double? Value { get; set; }
    public long StartedAt { get; set; }
    public long Heartbeat { get; set; }
    public long? FinishedAt { get; set; }
    public string? Error { get; set; }
    public Dictionary<string, double> Params { get; } = new(StringComparer.Ordinal);
    public Dictionary<int, double> Values { get; } = [];
    public Dictionary<string, double> Attributes { get; } = new(StringComparer.Ordinal);

    public TrialEntry ToEntry() => new()
    {
        Id = TrialId,
        Number = (int)Number,
        State = State,
        Value = Value,
        Started = SqlTime.From(StartedAt),
        Heartbeat = SqlTime.From(Heartbeat),
        Finished = FinishedAt is { } f ? SqlTime.From(f) : null,
        Error = Error,
        Parameters = Params,
        Intermediate = Values,
        Attributes = Attributes,
    };
}

internal sealed class TrialNumberRow
{
    public long TrialId { get; set; }
    public string Name { get; set; } = "";
    public double? Value { get; set; }
}

internal sealed class TrialStepRow
{
    public long TrialId { get; set; }
    public long Step { get; set; }
    public double? Value { get; set; }
}

internal sealed class StartedTrialRow
{
    public long TrialId { get; set; }
    public long Number { get; set; }
}

internal sealed class StaleTrialRow
{
    public long TrialId { get; set; }
    public long Heartbeat { get; set; }
}
