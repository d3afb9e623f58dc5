using System.Text.Json;
using Lepton.Serving.Hosting;
using Lepton.Serving.Protocol;
using Lepton.Serving.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lepton.Serving.Apis;

/// <summary>
/// The admin routes: list, load, reload and unload model versions and split traffic between them. Each action,
/// done or refused, is written to the audit log with the key that asked.
/// </summary>
internal static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/models").WithTags("Admin").RequireAdminKey();
        admin.MapGet("/", (ModelHost host) => TypedResults.Json(Statuses(host), ProtocolJson.Options)).Produces<List<ModelStatus>>()
            .WithName("ListLoadedModels").WithSummary("Every loaded model version with its traffic share and queue depth.");
        admin.MapPost("/", LoadAsync)
            .WithName("LoadModel").WithSummary("Loads a version from a .lepton file on the server or a registry reference, beside the versions already loaded.")
            .Accepts<LoadModelRequest>("application/json").Produces<ModelStatus>(201).Produces<ErrorResponse>(400).Produces<ErrorResponse>(409);
        admin.MapPost("/{name}/versions/{version}/reload", ReloadAsync).Produces<ModelStatus>()
            .WithName("ReloadModel").WithSummary("Loads a version again from its file and swaps it in without failing requests.");
        admin.MapDelete("/{name}/versions/{version}", (string name, string version, HttpContext context, ModelHost host, AuditLog audit) => UnloadAsync(context, host, audit, name, version))
            .Produces<Dictionary<string, object>>().WithName("UnloadModelVersion").WithSummary("Unloads one version after it finishes its queued requests.");
        admin.MapDelete("/{name}", (string name, HttpContext context, ModelHost host, AuditLog audit) => UnloadAsync(context, host, audit, name, null))
            .Produces<Dictionary<string, object>>().WithName("UnloadModel").WithSummary("Unloads every version of a model after they finish their queued requests.");
        admin.MapPut("/{name}/traffic", SetTrafficAsync).Produces<Dictionary<string, object>>()
            .WithName("SetTraffic").WithSummary("Splits unpinned traffic between loaded versions by weight, e.g. {\"1\": 90, \"2\": 10}.")
            .Accepts<Dictionary<string, double>>("application/json");
        return app;
    }

    private static List<ModelStatus> Statuses(ModelHost host) =>
        host.Slots.SelectMany(slot =>
        {
            lock (slot.Gate) return slot.Versions.Values.Select(host.Status).ToList();
        }).ToList();

    private static async Task<JsonHttpResult<ModelStatus>> LoadAsync(HttpContext context, ModelHost host, AuditLog audit)
    {
        OpenInferenceApi.RequireJson(context.Request);
        var request = await JsonSerializer.DeserializeAsync<LoadModelRequest>(context.Request.Body, ProtocolJson.Options, context.RequestAborted).ConfigureAwait(false)
            ?? throw ServingException.BadRequest("The body must be {\"source\": \"path.lepton or name@alias\", \"name\"?, \"version\"?, \"switch_traffic\"?}.");
        if (string.IsNullOrWhiteSpace(request.Source)) throw ServingException.BadRequest("\"source\" is missing: give a .lepton file on the server or a registry reference such as fashion@production.");
        var details = new Dictionary<string, object?> { ["source"] = request.Source, ["model"] = request.Name, ["version"] = request.Version, ["switch_traffic"] = request.SwitchTraffic ?? true };
        var loaded = await Audited(context, audit, "model.load", details,
            () => host.LoadAsync(request.Name, request.Source, request.Version, request.SwitchTraffic ?? true, context.RequestAborted)).ConfigureAwait(false);
        context.Response.Headers.Location = $"/v2/models/{loaded.Name}/versions/{loaded.Version}";
        return TypedResults.Json(host.Status(loaded), ProtocolJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<JsonHttpResult<ModelStatus>> ReloadAsync(string name, string version, HttpContext context, ModelHost host, AuditLog audit)
    {
        var loaded = await Audited(context, audit, "model.reload", new Dictionary<string, object?> { ["model"] = name, ["version"] = version },
            () => host.ReloadAsync(name, version, context.RequestAborted)).ConfigureAwait(false);
        return TypedResults.Json(host.Status(loaded), ProtocolJson.Options);
    }

    private static async Task<JsonHttpResult<Dictionary<string, object>>> UnloadAsync(HttpContext context, ModelHost host, AuditLog audit, string name, string? version)
    {
        var removed = await Audited(context, audit, "model.unload", new Dictionary<string, object?> { ["model"] = name, ["version"] = version },
            () => host.UnloadAsync(name, version, context.RequestAborted)).ConfigureAwait(false);
        return TypedResults.Json(new Dictionary<string, object> { ["model"] = name, ["unloaded"] = removed }, ProtocolJson.Options);
    }

    private static async Task<JsonHttpResult<Dictionary<string, object>>> SetTrafficAsync(string name, HttpContext context, ModelHost host, AuditLog audit)
    {
        OpenInferenceApi.RequireJson(context.Request);
        var weights = await JsonSerializer.DeserializeAsync<Dictionary<string, double>>(context.Request.Body, ProtocolJson.Options, context.RequestAborted).ConfigureAwait(false)
            ?? throw ServingException.BadRequest("The body must be an object of version → weight, e.g. {\"1\": 90, \"2\": 10}.");
        var split = await Audited(context, audit, "model.traffic", new Dictionary<string, object?> { ["model"] = name, ["weights"] = weights },
            () => Task.FromResult(host.SetTraffic(name, weights))).ConfigureAwait(false);
        return TypedResults.Json(new Dictionary<string, object> { ["model"] = name, ["traffic"] = split }, ProtocolJson.Options);
    }

    private static async Task<T> Audited<T>(HttpContext context, AuditLog audit, string action, Dictionary<string, object?> details, Func<Task<T>> work)
    {
        var key = context.Items[ApiKeyGate.KeyItem] as string;
        var remote = context.Connection.RemoteIpAddress?.ToString();
        try
        {
            var result = await work().ConfigureAwait(false);
            audit.Append(action, key, remote, context.TraceIdentifier, details);
            return result;
        }
        catch (Exception ex)
        {
            details["error"] = ex is ServingException or ModelHostException or Nn.Serialization.ModelFileException or Tracking.TrackingException or InvalidDataException ? ex.Message : ex.GetType().Name;
            audit.Append(action, key, remote, context.TraceIdentifier, details, outcome: "failed");
            throw ex switch
            {
                Nn.Serialization.ModelFileException file => ServingException.BadRequest(file.Message),
                Tracking.TrackingException tracking => ServingException.BadRequest(tracking.Message),
                InvalidDataException data => ServingException.BadRequest($"The model's preprocessing is not valid: {data.Message}"),
                _ => ex,
            };
        }
    }
}
