using System.Text.Json;
using Lepton.Tracking;
using Lepton.Tracking.Comparison;
using Lepton.Tracking.Stores;

namespace Lepton.Web.Pages;

/// <summary>
/// The compare page's data: <see cref="RunComparison"/> (what <c>lepton runs compare</c> prints, from the same code) for
/// 2 to 50 runs, plus the parameters and final metrics as JSON for the front end's parallel coordinates and scatter.
/// </summary>
internal sealed record CompareView(RunComparison Comparison, string PlotJson)
{
    public const int Fewest = 2;
    public const int Most = 50;

    public static async Task<CompareView> ReadAsync(IMetadataStore store, IReadOnlyList<string> runIds, CancellationToken cancellationToken)
    {
        var ids = runIds.SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count is < Fewest or > Most)
            throw new DashboardException(StatusCodes.Status400BadRequest, $"{ids.Count} run(s) chosen; compare {Fewest} to {Most} runs (tick them in an experiment's table).");
        var comparison = await RunComparison.CreateAsync(store, ids, null, cancellationToken).ConfigureAwait(false);
        return new CompareView(comparison, PlotData(comparison));
    }

    /// <summary>The lines each metric chart overlays: one per run.</summary>
    public string LinesJson => JsonSerializer.Serialize(Comparison.Runs.Select(r => new { run = r.Info.RunId, label = r.Info.Name }));

    /// <summary>Runs × (parameters, final metrics, directions) for the parallel-coordinates and scatter plots.</summary>
    private static string PlotData(RunComparison comparison) => JsonSerializer.Serialize(new
    {
        runs = comparison.Runs.Select(r => new { id = r.Info.RunId, name = r.Info.Name }),
        parameters = comparison.Parameters.Select(p => new { key = p.Key, values = p.Values }),
        metrics = comparison.Metrics.Select(m => new
        {
            key = m.Key,
            direction = m.Direction.ToString().ToLowerInvariant(),
            values = m.Values.Select(v => v is { } x && double.IsFinite(x) ? x : (double?)null),
        }),
    });
}
