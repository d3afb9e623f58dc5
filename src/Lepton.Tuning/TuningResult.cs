using System.Text.Json.Nodes;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning;

/// <summary>A study after a <see cref="Tuner"/> run: every trial (of this and earlier runs) and the best one.</summary>
public sealed class TuningResult
{
    internal TuningResult(StudyInfo study, IReadOnlyList<TrialRecord> trials, int ran)
    {
        Study = study;
        Trials = trials;
        Ran = ran;
        Best = new StudySnapshot(study, trials).Best;
    }

    /// <summary>The study.</summary>
    public StudyInfo Study { get; }

    /// <summary>Every trial of the study, in number order.</summary>
    public IReadOnlyList<TrialRecord> Trials { get; }

    /// <summary>Trials this run finished.</summary>
    public int Ran { get; }

    /// <summary>The complete trial with the best value, or null if none completed.</summary>
    public TrialRecord? Best { get; }

    /// <summary>The best trial's value.</summary>
    public double? BestValue => Best?.Value;

    /// <summary>The best trial's parameters as values, by name (empty if none completed).</summary>
    public IReadOnlyDictionary<string, JsonNode?> BestParameters =>
        Best is null ? new Dictionary<string, JsonNode?>() : Best.Parameters.ToDictionary(p => p.Key, p => Study.Space[p.Key].Distribution.ToValue(p.Value), StringComparer.Ordinal);

    /// <summary>How many trials are in <paramref name="state"/>.</summary>
    public int Count(TrialState state) => Trials.Count(t => t.State == state);
}
