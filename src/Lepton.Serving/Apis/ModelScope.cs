using Lepton.Serving.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Serving.Apis;

/// <summary>Endpoint filters that let a request through only with an API key scoped to its model, or to admin.</summary>
internal static class ModelScope
{
    /// <summary>Needs a key with <c>model:NAME</c> or <c>model:*</c> for the <c>{name}</c> in the route.</summary>
    public static TBuilder RequireModelKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var name = http.Request.RouteValues["name"] as string;
            return http.RequestServices.GetRequiredService<ApiKeyGate>().Check(http, name ?? "") ?? await next(context).ConfigureAwait(false);
        });

    /// <summary>Needs a key with the <c>admin</c> scope.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<ApiKeyGate>().Check(context.HttpContext, null) ?? await next(context).ConfigureAwait(false));
}
