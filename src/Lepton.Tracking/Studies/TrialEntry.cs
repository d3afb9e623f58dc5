namespace Lepton.Tracking.Studies;

/// <summary>A trial of a study as the tracking database keeps it: its state, result, parameters and reported values.</summary>
public sealed record TrialEntry
{
    /// <summary>The database's id of the trial.</summary>
    public required long Id { get; init; }

    /// <summary>Its number in its study: 0, 1, 2, … in the order trials started.</summary>
    public required int Number { get; init; }

    /// <summary><c>running</c>, <c>complete</c>, <c>pruned</c> or <c>failed</c>.</summary>
    public required string State { get; init; }

    /// <summary>The objective's value, when it has one.</summary>
    public double? Value { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset Started { get; init; }

    /// <summary>Its worker's last sign of life.</summary>
    public DateTimeOffset Heartbeat { get; init; }

    /// <summary>When it finished, if it has.</summary>
    public DateTimeOffset? Finished { get; init; }

    /// <summary>Why it failed, for a failed trial.</summary>
    public string? Error { get; init; }

    /// <summary>Its parameters by name (the tuner's internal values).</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>The values it reported, by step.</summary>
    public IReadOnlyDictionary<int, double> Intermediate { get; init; } = new Dictionary<int, double>();

    /// <summary>Numbers a pruner keeps about it.</summary>
    public IReadOnlyDictionary<string, double> Attributes { get; init; } = new Dictionary<string, double>();

    /// <summary>Whether it is still running.</summary>
    public bool IsRunning => State == SqlStudyStore.Running;
}
