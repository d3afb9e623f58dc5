using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Tuning.Tests;

/// <summary>Hand-made studies for pruner tests: trials with given learning curves.</summary>
internal static class Studies
{
    public static StudyInfo Info(StudyDirection direction = StudyDirection.Minimize, string name = "study") =>
        new() { Id = 1, Name = name, Direction = direction, Space = new SearchSpace().Add("x", new FloatDistribution(0, 1)) };

    public static TrialRecord Trial(int number, TrialState state, params double[] curve) => new()
    {
        Id = number + 1,
        Number = number,
        State = state,
        Value = state == TrialState.Complete && curve.Length > 0 ? curve[^1] : null,
        Parameters = new Dictionary<string, double> { ["x"] = 0.5 },
        Intermediate = curve.Select((v, i) => (i, v)).ToDictionary(p => p.i, p => p.v),
    };
}
