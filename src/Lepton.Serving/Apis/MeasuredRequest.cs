using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lepton.Serving.Hosting;
using Lepton.Serving.Observability;
using Microsoft.AspNetCore.Http;

namespace Lepton.Serving.Apis;

/// <summary>
/// The bookkeeping every inference route shares: the request counts as in flight, and its status, errors and
/// latency go to the metrics under the model and the version that answered.
/// </summary>
internal static class MeasuredRequest
{
    /// <summary>
    /// Runs <paramref name="handle"/>, which calls the given action with the version that answered (it also becomes
    /// the version header), and records the outcome whatever it is.
    /// </summary>
    public static async Task<IResult> RunAsync(HttpContext context, ModelHost host, ServingMetrics metrics, string name, Func<Action<string>, Task<IResult>> handle)
    {
        var started = Stopwatch.GetTimestamp();
        using var inFlight = host.Enter(name);
        // Labels name only loaded models and versions that answered, so random names cannot grow the metrics without bound.
        var label = host.MetricLabel(name);
        var answered = "";
        var code = StatusCodes.Status200OK;
        try
        {
            return await handle(version =>
            {
                answered = version;
                context.Response.Headers[OpenInferenceApi.VersionHeader] = version;
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ServingException or ModelHostException or JsonException or BadHttpRequestException)
        {
            code = ex switch
            {
                ServingException s => s.StatusCode,
                ModelHostException h => Errors.StatusOf(h.Kind),
                BadHttpRequestException b => b.StatusCode,
                _ => StatusCodes.Status400BadRequest,
            };
            if (ex is ServingException { Version: { } routed }) answered = routed;
            metrics.Errors.WithLabels(label, answered, OpenInferenceApi.Reason(code)).Inc();
            throw;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            code = 499; // nginx's "client closed request": nobody is left to answer
            throw;
        }
        finally
        {
            metrics.Requests.WithLabels(label, answered, code.ToString(CultureInfo.InvariantCulture)).Inc();
            metrics.Latency.WithLabels(label, answered).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
