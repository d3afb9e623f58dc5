using Lepton.Web.Apis;
using Lepton.Web.Assets;
using Lepton.Web.Pages;

namespace Lepton.Web;

/// <summary>Maps Lepton's dashboard into an app, beside whatever else the app serves.</summary>
public static class DashboardApplicationExtensions
{
    /// <summary>The endpoint group name of the dashboard's routes.</summary>
    internal const string GroupName = "lepton-dashboard";

    /// <summary>
    /// Maps the dashboard: its pages (<c>/</c>, <c>/runs…</c>, <c>/compare</c>, <c>/models…</c>, <c>/studies…</c>, <c>/data…</c>, <c>/deployments</c>,
    /// <c>/playground</c>), the JSON its charts read under <c>/ui/api/</c> and its front end under <c>/ui/assets/</c>.
    /// Forms that change something are POSTs checked by ASP.NET Core's anti-forgery middleware, which this adds. Needs
    /// <see cref="DashboardServiceCollectionExtensions.AddLeptonDashboard"/>.
    /// </summary>
    public static RouteGroupBuilder MapLeptonDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAntiforgery();
        var group = app.MapGroup("").WithGroupName(GroupName).ExcludeFromDescription();
        group.AddEndpointFilter(DashboardErrors.Handle);
        group.MapGet(DashboardAssets.Prefix + "{name}", (string name, HttpContext context, DashboardAssets assets) => assets.Serve(name, context));
        group.MapGet("/ui/api/runs/{runId}/series", SeriesApi.Get);
        PageRoutes.Map(group);
        Studies.StudyRoutes.Map(group);
        Data.DataRoutes.Map(group);
        Deployments.DeploymentRoutes.Map(group);
        Playground.PlaygroundRoutes.Map(group);
        return group;
    }
}
