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

    private const int MaxTrafficVersions = 64;

    private static async Task<JsonHttpResult<Dictionary<string, object>>> SetTrafficAsync(string name, HttpContext context, ModelHost host, AuditLog audit)
    {
        var details = new Dictionary<string, object?> { ["model"] = name };
        var split = await Audited(context, audit, "model.traffic", details, async () =>
        {
            OpenInferenceApi.RequireJson(context.Request);
            using var document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = 8 }, context.RequestAborted).ConfigureAwait(false);
            details["weights"] = Utf8Text.Checked(() => AsSent(document.RootElement));
            return host.SetTraffic(name, Weights(document.RootElement));
        }).ConfigureAwait(false);
        return TypedResults.Json(new Dictionary<string, object> { ["model"] = name, ["traffic"] = split }, ProtocolJson.Options);
    }

    /// <summary>
    /// Reads <c>{"VERSION": weight, …}</c>: every weight a finite number of 0 or more, at least one above 0. A 400
    /// names the version and the value as sent; the host then checks the versions are loaded.
    /// </summary>
    internal static Dictionary<string, double> Weights(JsonElement root) => Utf8Text.Checked(() => ReadWeights(root));

    private static Dictionary<string, double> ReadWeights(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw ServingException.BadRequest("The body must be an object of version → weight, e.g. {\"1\": 90, \"2\": 10}.");
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (weights.Count == MaxTrafficVersions) throw ServingException.BadRequest($"The body names more than {MaxTrafficVersions} versions; give the weights of the loaded versions only.");
            var value = property.Value;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var weight) || !double.IsFinite(weight) || weight < 0)
                throw ServingException.BadRequest($"The weight of version {Shown(property.Name)} is {Shown(value.GetRawText())}; a weight must be a finite number of 0 or more, e.g. {{\"{Shown(property.Name)}\": 10}}.");
            if (!weights.TryAdd(property.Name, weight)) throw ServingException.BadRequest($"Version {Shown(property.Name)} is given twice; give each version's weight once.");
        }
        if (weights.Count == 0) throw ServingException.BadRequest("Give at least one version and its weight, e.g. {\"1\": 90, \"2\": 10}.");
        if (weights.Values.All(w => w == 0)) throw ServingException.BadRequest("Every weight is 0; at least one must be above 0 for the model to take traffic.");
        return weights;
    }

    /// <summary>The weights as sent, as text, for the audit log: a value such as NaN cannot break the log line.</summary>
    private static object AsSent(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return Shown(root.GetRawText());
        var sent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject().Take(MaxTrafficVersions)) sent[Shown(property.Name)] = Shown(property.Value.GetRawText());
        return sent;
    }

    private static string Shown(string text) => text.Length > 64 ? text[..64] + "…" : text;

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
            // Refused: the request was wrong (4xx, with the reason); failed: the server could not do it.
            var refused = ex switch
            {
                ServingException serving => serving.StatusCode < 500,
                ModelHostException host => Errors.StatusOf(host.Kind) < 500,
                _ => ex is Nn.Serialization.ModelFileException or Tracking.TrackingException or InvalidDataException or JsonException or BadHttpRequestException,
            };
            details["error"] = refused || ex is ServingException or ModelHostException ? ex.Message : ex.GetType().Name;
            audit.Append(action, key, remote, context.TraceIdentifier, details, outcome: refused ? "refused" : "failed");
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
