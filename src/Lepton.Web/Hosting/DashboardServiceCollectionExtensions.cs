using Lepton.Web.Assets;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lepton.Web;

/// <summary>Adds Lepton's dashboard to an app's services, beside whatever else the app hosts.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the dashboard's pages need: server-side rendering of its Razor components, anti-forgery tokens for
    /// its forms, its embedded front end and clients for the inference servers <paramref name="configure"/> names
    /// (<see cref="DashboardOptions.Serving"/>). The pages read the <see cref="Lepton.Tracking.TrackingClient"/> the app
    /// registers (<c>AddLeptonTracking</c> does, or <see cref="DashboardServer"/>). Map the pages with
    /// <see cref="DashboardApplicationExtensions.MapLeptonDashboard"/>.
    /// </summary>
    public static IServiceCollection AddLeptonDashboard(this IServiceCollection services, Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DashboardOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton<Deployments.ServingConnections>();
        // Anti-forgery tokens are protected by ASP.NET Core's Data Protection. Unless the app configures it, its keys live
        // in memory: nothing written beside the user's files, and after a restart an open form asks to be reloaded.
        if (!services.Any(d => d.ServiceType == typeof(IDataProtectionProvider)))
            services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddRazorComponents();
        // Markup-significant characters are still escaped; letters of every script are written as themselves, not as &#x…; entities.
        services.Replace(ServiceDescriptor.Singleton(HtmlEncoder.Create(UnicodeRanges.All)));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "lepton-antiforgery";
            options.FormFieldName = "__lepton_token";
        });
        services.TryAddSingleton<DashboardAssets>();
        services.TryAddScoped<Pages.PageData>();
        return services;
    }
}
