using System.Globalization;
using System.Text.Json;
using Lepton.Serving.Client;
using Lepton.Tracking;
using Lepton.Web.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Lepton.Web.Deployments;

/// <summary>The deployments page, its traffic form and the live rates its script polls.</summary>
internal static class DeploymentRoutes
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/deployments", Page);
        group.MapPost("/deployments/{index:int}/traffic", Traffic).WithMetadata(new RequireAntiforgeryTokenAttribute());
        group.MapGet("/ui/api/deployments/{server}/rates", Rates);
    }

    private static async Task<IResult> Page(HttpContext context, ServingConnections connections, TrackingClient tracking, IAntiforgery antiforgery, CancellationToken cancellationToken, [FromQuery] string? message = null) =>
        PageData.Render<DeploymentsPage>(context, await DeploymentsView.ReadAsync(connections, tracking.Store, antiforgery.GetAndStoreTokens(context), message, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// <c>POST /deployments/{index}/traffic</c> (form: <c>model</c> and a <c>weight.VERSION</c> field per version): sets
    /// the split through the server's admin API and goes back to the page, saying what the server now applies or why it
    /// refused (its own message: a bad weight, a key without the admin scope).
    /// </summary>
    private static async Task<IResult> Traffic(int index, HttpContext context, ServingConnections connections, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var model = form["model"].ToString();
        if (string.IsNullOrWhiteSpace(model)) throw new DashboardException(StatusCodes.Status400BadRequest, "Name the model whose traffic to split (the form's model field).");
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in form.Where(f => f.Key.StartsWith("weight.", StringComparison.Ordinal)))
        {
            var version = key["weight.".Length..];
            if (!double.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
                throw new DashboardException(StatusCodes.Status400BadRequest, $"The weight of version {version} is '{value}', not a number.");
            weights[version] = weight;
        }

        string message;
        try
        {
            var applied = await connections.Client(index).SetTrafficAsync(model, weights, cancellationToken).ConfigureAwait(false);
            message = $"{model}: traffic now " + string.Join(", ", applied.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => FormattableString.Invariant($"version {a.Key} {a.Value:P0}")));
        }
        catch (Exception e) when (ServingConnections.Failed(e))
        {
            message = $"{model}: the server refused the split: {ServingConnections.Reason(e)}";
        }

        return Results.Redirect("/deployments?message=" + Uri.EscapeDataString(message), permanent: false, preserveMethod: false);
    }

    /// <summary>
    /// <c>GET /ui/api/deployments/{server}/rates</c>: per model version, requests and errors per second, latency
    /// percentiles (ms) and mean batch size since the previous poll, read from the server's <c>/metrics</c>. The server
    /// is a configured one's index, or the id of one the tracking store's recent deployments name (read without a key);
    /// no other address is ever contacted.
    /// </summary>
    private static async Task Rates(string server, HttpContext context, ServingConnections connections, TrackingClient tracking, CancellationToken cancellationToken)
    {
        Func<Task<(IReadOnlyList<ServingRates> Rates, double Seconds)>> read;
        Func<Exception, bool> failed = ServingConnections.Failed;
        Func<Exception, string> reason = ServingConnections.Reason;
        if (int.TryParse(server, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            _ = connections.Endpoint(index); // an unknown index is a 404 before the answer starts
            read = () => connections.RatesAsync(index, cancellationToken);
        }
        else
        {
            var recorded = await connections.FindRecordedAsync(tracking.Store, server, cancellationToken).ConfigureAwait(false)
                ?? throw new DashboardException(StatusCodes.Status404NotFound, "No server with that id is among those the tracking store's newest deployments name; reload /deployments for the servers there are now.");
            read = () => connections.FoundRatesAsync(recorded, cancellationToken);
            failed = ServingConnections.FoundFailed;
            reason = ServingConnections.FoundReason;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        try
        {
            var (rates, seconds) = await read().ConfigureAwait(false);
            json.WriteNumber("seconds", seconds);
            json.WriteStartArray("versions");
            foreach (var r in rates)
            {
                json.WriteStartObject();
                json.WriteString("model", r.Model);
                json.WriteString("version", r.Version);
                json.WriteNumber("requests_per_second", r.RequestsPerSecond);
                json.WriteNumber("errors_per_second", r.ErrorsPerSecond);
                Number(json, "error_ratio", r.ErrorRatio);
                Number(json, "p50_ms", r.LatencyP50 * 1000);
                Number(json, "p95_ms", r.LatencyP95 * 1000);
                Number(json, "p99_ms", r.LatencyP99 * 1000);
                Number(json, "mean_batch_size", r.MeanBatchSize);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }
        catch (Exception e) when (failed(e))
        {
            json.WriteString("error", reason(e));
        }

        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
