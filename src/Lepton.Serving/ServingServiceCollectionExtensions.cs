using Lepton.Serving.Hosting;
using Lepton.Serving.Observability;
using Lepton.Serving.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lepton.Serving;

/// <summary>Adds Lepton's inference server to an app's services, beside whatever else the app hosts.</summary>
public static class ServingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the model host, metrics, API keys, audit log and OpenAPI document of the inference server, with
    /// <see cref="ServingOptions"/> set by <paramref name="configure"/> (or bound by the app with
    /// <c>AddOptions&lt;ServingOptions&gt;().Bind(...)</c>) and checked when the host starts. Map the routes with
    /// <see cref="ServingApplicationExtensions.MapLeptonServing"/>.
    /// </summary>
    public static IServiceCollection AddLeptonServing(this IServiceCollection services, Action<ServingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ServingOptions>();
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServingOptions>, ServingOptionsValidation>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ServingOptions>>().Value);
        services.TryAddSingleton<ServingMetrics>();
        services.TryAddSingleton<ModelHost>();
        services.TryAddSingleton<ApiKeyGate>();
        services.TryAddSingleton(sp => new AuditLog(sp.GetRequiredService<ServingOptions>().ResolvedAuditLogPath));
        services.AddOpenApi(ServingApplicationExtensions.DocumentName, openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Lepton inference server";
            document.Info.Description = "Open Inference Protocol v2, simple predictions, admin, metrics.";
            return Task.CompletedTask;
        }));
        return services;
    }
}
