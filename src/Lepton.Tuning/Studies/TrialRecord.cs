namespace Lepton.Tuning.Studies;

/// <summary>A trial as a study store keeps it: its parameters (internal values), reported values, state and result.</summary>
public sealed record TrialRecord
{
    /// <summary>The store's id of the trial.</summary>
    public required long Id { get; init; }

    /// <summary>The trial's number in its study: 0, 1, 2, … in the order trials started.</summary>
    public required int Number { get; init; }

    /// <summary>Running, complete, pruned or failed.</summary>
    public required TrialState State { get; init; }

    /// <summary>The objective's value, for a complete trial.</summary>
    public double? Value { get; init; }

    /// <summary>The parameters drawn for the trial, by name: a number, or a choice's index (see <see cref="Spaces.Distribution.ToValue"/>).</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>The values the trial reported as it went, by step (epoch or boosting round).</summary>
    public IReadOnlyDictionary<int, double> Intermediate { get; init; } = new Dictionary<int, double>();

    /// <summary>Numbers the pruner keeps about the trial (the value it had at each successive-halving rung).</summary>
    public IReadOnlyDictionary<string, double> Attributes { get; init; } = new Dictionary<string, double>();

    /// <summary>When the trial started.</summary>
    public DateTimeOffset Started { get; init; }

    /// <summary>The last sign of life of its worker.</summary>
    public DateTimeOffset Heartbeat { get; init; }

    /// <summary>When it finished, if it has.</summary>
    public DateTimeOffset? Finished { get; init; }

    /// <summary>Why it failed, for a failed trial.</summary>
    public string? Error { get; init; }

    /// <summary>The last step reported, or null before the first report.</summary>
    public int? LastStep => Intermediate.Count == 0 ? null : Intermediate.Keys.Max();

    /// <summary>Whether the trial is over (complete, pruned or failed).</summary>
    public bool IsFinished => State != TrialState.Running;
}
