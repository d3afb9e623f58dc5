using Lepton.Tracking.Artifacts;
using Lepton.Tracking.Remote;
using Lepton.Tracking.Stores;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lepton.Tracking.Server;

/// <summary>Adds Lepton's tracking API to an app's services, beside whatever else the app hosts.</summary>
public static class TrackingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the tracking API's store (opened when the host starts), body limits and OpenAPI document, with
    /// <see cref="TrackingServerOptions"/> set by <paramref name="configure"/> (or bound by the app with
    /// <c>AddOptions&lt;TrackingServerOptions&gt;().Bind(...)</c>) and checked when the host starts. The API binds and
    /// writes JSON through the app's JSON options, so this gives them the API's conventions (snake_case, nulls
    /// written, NaN as a string) and makes bad request bodies throw, for its errors to name the field. Map the routes
    /// with <see cref="TrackingApplicationExtensions.MapLeptonTracking"/>.
    /// </summary>
    public static IServiceCollection AddLeptonTracking(this IServiceCollection services, Action<TrackingServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TrackingServerOptions>();
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrackingServerOptions>, TrackingServerOptionsValidation>());
        services.TryAddSingleton<TrackingStoreOpener>();
        services.AddHostedService(sp => sp.GetRequiredService<TrackingStoreOpener>());
        services.TryAddSingleton(sp => sp.GetRequiredService<TrackingStoreOpener>().Client);
        services.TryAddSingleton<IMetadataStore>(sp => sp.GetRequiredService<TrackingClient>().Store);
        services.TryAddSingleton<IArtifactStore>(sp => sp.GetRequiredService<TrackingClient>().Artifacts);
        services.TryAddSingleton(sp =>
        {
            var server = sp.GetRequiredService<IOptions<TrackingServerOptions>>().Value;
            return new ServerLimits(server.MaxJsonBodySize, server.MaxArtifactSize);
        });
        services.ConfigureHttpJsonOptions(json => ApiJson.Apply(json.SerializerOptions));
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddOpenApi(TrackingApplicationExtensions.DocumentName, openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Lepton tracking API";
            document.Info.Description = "Experiments, runs, metrics, artifacts and the model registry of one Lepton tracking store.";
            return Task.CompletedTask;
        }));
        return services;
    }
}
