using System.Diagnostics;
using Lepton.Tuning.Samplers;
using Lepton.Tuning.Spaces;
using Lepton.Tuning.Studies;

namespace Lepton.Bench.Studies;

/// <summary>A sampler that times each draw into <see cref="TrialPhases"/>.</summary>
internal sealed class TimedSampler(ISampler inner, TrialPhases phases) : ISampler
{
    public IReadOnlyDictionary<string, double> Sample(StudySnapshot study, TrialRecord trial)
    {
        var watch = Stopwatch.StartNew();
        var parameters = inner.Sample(study, trial);
        phases.Add("sample", watch.Elapsed.TotalMilliseconds);
        return parameters;
    }

    public int? TrialLimit(SearchSpace space) => inner.TrialLimit(space);
}
