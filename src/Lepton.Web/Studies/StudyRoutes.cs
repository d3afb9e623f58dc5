using Lepton.Tracking;
using Lepton.Web.Pages;

namespace Lepton.Web.Studies;

/// <summary>The studies of <c>lepton tune</c>: the list and one study's page.</summary>
internal static class StudyRoutes
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/studies", async (HttpContext context, TrackingClient tracking, CancellationToken cancellationToken) =>
            PageData.Render<StudiesPage>(context, await StudiesView.ReadAsync(tracking.Store, cancellationToken).ConfigureAwait(false)));
        group.MapGet("/studies/{runId}", async (string runId, HttpContext context, TrackingClient tracking, CancellationToken cancellationToken) =>
            PageData.Render<StudyPage>(context, await StudyView.ReadAsync(tracking, runId, cancellationToken).ConfigureAwait(false)));
    }
}
