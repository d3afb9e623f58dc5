using System.Diagnostics;

namespace Lepton.Bench.Studies;

/// <summary>Time spent per trial in each phase (a store call, the sampler's draw), summed over the trial's calls.</summary>
internal sealed class TrialPhases
{
    private readonly Lock gate = new();
    private readonly List<Dictionary<string, (double Ms, int Calls)>> trials = [];

    /// <summary>Each trial's phases, in the order the trials started.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, (double Ms, int Calls)>> Trials
    {
        get
        {
            lock (gate) return trials.Select(t => (IReadOnlyDictionary<string, (double, int)>)new Dictionary<string, (double, int)>(t)).ToList();
        }
    }

    /// <summary>Opens the next trial's tally; the calls timed after it count toward it.</summary>
    public void NextTrial()
    {
        lock (gate) trials.Add([]);
    }

    public void Add(string phase, double ms)
    {
        lock (gate)
        {
            if (trials.Count == 0) return; // before the first trial: opening the study
            var current = trials[^1];
            var (sum, calls) = current.GetValueOrDefault(phase);
            current[phase] = (sum + ms, calls + 1);
        }
    }

    public async Task<T> TimeAsync<T>(string phase, Func<Task<T>> call)
    {
        var watch = Stopwatch.StartNew();
        var result = await call();
        Add(phase, watch.Elapsed.TotalMilliseconds);
        return result;
    }

    public async Task TimeAsync(string phase, Func<Task> call)
    {
        var watch = Stopwatch.StartNew();
        await call();
        Add(phase, watch.Elapsed.TotalMilliseconds);
    }
}
