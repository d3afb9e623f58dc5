using Lepton.Web.Assets;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
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
        // Anti-forgery tokens are protected by ASP.NET Core's Data Protection. Unless the app configures it, its key ring
        // lives in memory: nothing written beside the user's files, and after a restart an open form asks to be reloaded.
        // (An ephemeral provider alone is not enough: Data Protection's hosted service still creates a key ring at start,
        // in ~/.aspnet/DataProtection-Keys, with a warning that it is unencrypted.)
        if (!services.Any(d => d.ServiceType == typeof(IDataProtectionProvider)))
        {
            services.AddDataProtection();
            services.Configure<KeyManagementOptions>(keys =>
            {
                keys.XmlRepository = new MemoryXmlRepository();
                keys.XmlEncryptor = new NullXmlEncryptor(); // nothing at rest to encrypt
            });
        }
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
