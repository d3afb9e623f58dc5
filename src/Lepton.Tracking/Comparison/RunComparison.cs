using Lepton.Tracking.Stores;

namespace Lepton.Tracking.Comparison;

/// <summary>
/// Several runs side by side, as <c>lepton runs compare</c> and the dashboard show them: each run's info, every
/// parameter (marking those that differ), each metric's final value (marking the best, by the direction the runs
/// recorded) and, on request, each metric's curves thinned for display. It holds data only; drawing is the caller's.
/// </summary>
public sealed class RunComparison
{
    private RunComparison(IReadOnlyList<Run> runs, IReadOnlyList<string> experiments, IReadOnlyList<ParameterRow> parameters, IReadOnlyList<MetricRow> metrics)
    {
        Runs = runs;
        Experiments = experiments;
        Parameters = parameters;
        Metrics = metrics;
    }

    /// <summary>The runs, in the order asked for.</summary>
    public IReadOnlyList<Run> Runs { get; }

    /// <summary>Each run's experiment name, in run order.</summary>
    public IReadOnlyList<string> Experiments { get; }

    /// <summary>Every parameter any run has, by name.</summary>
    public IReadOnlyList<ParameterRow> Parameters { get; }

    /// <summary>The compared metrics' final values: those asked for, in that order, or every metric any run has, by name.</summary>
    public IReadOnlyList<MetricRow> Metrics { get; }

    /// <summary>
    /// Reads <paramref name="runIds"/> (full ids) from <paramref name="store"/> and sets them side by side, comparing
    /// <paramref name="metrics"/> (each must belong to at least one run) or, when null or empty, every metric they have.
    /// </summary>
    /// <exception cref="TrackingException">A run does not exist (NotFound), is named twice, or no run has an asked-for metric (Invalid).</exception>
    public static async Task<RunComparison> CreateAsync(IMetadataStore store, IReadOnlyList<string> runIds, IReadOnlyList<string>? metrics = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(runIds);
        if (runIds.Count == 0) throw TrackingException.Invalid("Name at least one run to compare.");
        var runs = new List<Run>(runIds.Count);
        foreach (var id in runIds)
        {
            if (runs.Any(r => r.Info.RunId == id)) throw TrackingException.Invalid($"Run {id} is named twice; compare different runs.");
            runs.Add(await store.GetRunAsync(id, cancellationToken).ConfigureAwait(false));
        }

        var names = (await store.ListExperimentsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.Id, e => e.Name);
        var experiments = runs.Select(r => names.GetValueOrDefault(r.Info.ExperimentId, "?")).ToList();
        var parameters = runs.SelectMany(r => r.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(key => new ParameterRow(key, runs.Select(r => r.Params.GetValueOrDefault(key)).ToList()))
            .ToList();
        var rows = SelectMetrics(runs, metrics ?? [])
            .Select(key => new MetricRow(key, DirectionOf(runs, key), runs.Select(r => r.LatestMetrics.TryGetValue(key, out var p) ? p.Value : (double?)null).ToList()))
            .ToList();
        return new RunComparison(runs, experiments, parameters, rows);
    }

    /// <summary>
    /// Which way <paramref name="metric"/> improves for these runs: as the first run that recorded it says
    /// (<see cref="ActiveRun.SetMetricDirection"/>), else as its name suggests (<see cref="MetricDirections.FromName"/>).
    /// </summary>
    public static MetricDirection DirectionOf(IReadOnlyList<Run> runs, string metric)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(metric);
        foreach (var run in runs)
        {
            if (MetricDirectionTag.Recorded(run, metric) is { } recorded) return recorded;
        }

        return MetricDirections.FromName(metric);
    }

    /// <summary>
    /// Reads every run's history of <paramref name="metric"/> and returns its curves on one axis, each thinned to at
    /// most <paramref name="maxPoints"/> points (see <see cref="MetricCurves"/>).
    /// </summary>
    public async Task<MetricCurves> LoadCurvesAsync(IMetadataStore store, string metric, int maxPoints = MetricCurves.DefaultMaxPoints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(metric);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, MetricCurves.MinimumPoints);
        var histories = new List<(string RunId, IReadOnlyList<MetricPoint> Points)>(Runs.Count);
        foreach (var run in Runs)
        {
            histories.Add((run.Info.RunId, await store.GetMetricHistoryAsync(run.Info.RunId, metric, cancellationToken).ConfigureAwait(false)));
        }

        var direction = Metrics.FirstOrDefault(m => m.Key == metric)?.Direction ?? DirectionOf(Runs, metric);
        return MetricCurves.Create(metric, direction, histories, maxPoints);
    }

    /// <summary>The metrics asked for (each must belong to at least one run), or every metric the runs have.</summary>
    private static List<string> SelectMetrics(IReadOnlyList<Run> runs, IReadOnlyList<string> asked)
    {
        var present = runs.SelectMany(r => r.LatestMetrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (asked.Count == 0) return present;
        var keys = asked.Distinct(StringComparer.Ordinal).ToList();
        var missing = keys.Where(k => !present.Contains(k, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw TrackingException.Invalid(
                $"None of the runs has the metric{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(m => $"'{m}'"))}; they have: {(present.Count == 0 ? "none" : string.Join(", ", present))}.");
        }

        return keys;
    }
}
