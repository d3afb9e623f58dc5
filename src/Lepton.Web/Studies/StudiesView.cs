using Lepton.Tracking;
using Lepton.Tracking.Stores;

namespace Lepton.Web.Studies;

/// <summary>
/// The studies page: every <c>lepton tune</c> study, read from the runs the command records (a study's run tagged
/// <see cref="RunTags.Kind"/> = <see cref="RunTags.TuningKind"/>), so it works over any store, a tracking server included.
/// </summary>
internal sealed record StudiesView(IReadOnlyList<Run> Studies)
{
    /// <summary>The newest studies shown.</summary>
    public const int Most = 500;

    public static async Task<StudiesView> ReadAsync(IMetadataStore store, CancellationToken cancellationToken) =>
        new(await store.SearchRunsAsync(new RunQuery(null, $"tags.{RunTags.Kind} = '{RunTags.TuningKind}'", "start_time desc", Most), cancellationToken).ConfigureAwait(false));

    public static string NameOf(Run study) => study.Tags.GetValueOrDefault(RunTags.Study) ?? study.Info.Name;

    /// <summary>The study's objective metric and its best value, from the study run's <c>metric</c> parameter and <c>best_METRIC</c>.</summary>
    public static (string Metric, double? Best) BestOf(Run study)
    {
        var metric = study.Params.GetValueOrDefault("metric") ?? "";
        return (metric, study.LatestMetrics.TryGetValue($"best_{metric}", out var best) ? best.Value : null);
    }
}
