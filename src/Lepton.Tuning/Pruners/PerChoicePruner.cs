using System.Text.Json.Nodes;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Pruners;

/// <summary>
/// Judges each trial only against the trials that drew the same value of one choice parameter, with another pruner.
/// In a conditional space whose branches train different things (<c>model_type</c>: a network reports per epoch, boosted
/// trees per round), step 5 of one branch says nothing about step 5 of the other, and a median over both would stop a
/// tree trial, whose early rounds are far from its end, only because networks learn faster per step. A branch may
/// have a pruner of its own (boosted trees judged only after a warm-up of rounds, say).
/// </summary>
public sealed class PerChoicePruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="inner">The pruner that judges within a branch.</param>
    /// <param name="parameter">The choice parameter whose value picks the branch (e.g. <c>model_type</c>).</param>
    /// <param name="byChoice">Pruners for some branches, keyed by the choice's value (<c>"gbm"</c>); the others use <paramref name="inner"/>.</param>
    public PerChoicePruner(IPruner inner, string parameter, IReadOnlyDictionary<string, IPruner>? byChoice = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameter);
        (Inner, Parameter) = (inner, parameter);
        ByChoice = byChoice is null ? new Dictionary<string, IPruner>() : new Dictionary<string, IPruner>(byChoice);
        if (ByChoice.Values.Any(p => p is null)) throw new ArgumentException("A branch's pruner is null.", nameof(byChoice));
    }

    /// <summary>The pruner that judges within a branch.</summary>
    public IPruner Inner { get; }

    /// <summary>The choice parameter whose value picks the branch.</summary>
    public string Parameter { get; }

    /// <summary>The branches with a pruner of their own, by the choice's value.</summary>
    public IReadOnlyDictionary<string, IPruner> ByChoice { get; }

    /// <inheritdoc />
    public bool JudgesByOtherTrials => Inner.JudgesByOtherTrials || ByChoice.Values.Any(p => p.JudgesByOtherTrials);

    /// <inheritdoc />
    public PruneDecision Judge(StudySnapshot study, TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        if (!trial.Parameters.TryGetValue(Parameter, out var branch)) return Inner.Judge(study, trial);
        var same = study.Trials.Where(t => t.Number == trial.Number || (t.Parameters.TryGetValue(Parameter, out var v) && v.Equals(branch))).ToList();
        var pruner = ByChoice.Count > 0 && study.Study.Space.Find(Parameter) is { } p && ByChoice.TryGetValue(Name(p.Distribution.ToValue(branch)), out var own) ? own : Inner;
        return pruner.Judge(study with { Trials = same }, trial);
    }

    private static string Name(JsonNode? value) => value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "null";
}
