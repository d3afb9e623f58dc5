using System.Diagnostics;
using System.Globalization;
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
    /// <summary>HTTP status nginx uses for "client closed request": nobody is left to answer.</summary>
    public const int ClientClosed = 499;

    /// <summary>
    /// Runs <paramref name="handle"/>, which calls the given action with the version that answered (it also becomes
    /// the version header), and records the outcome whatever it is.
    /// </summary>
    /// <remarks>
    /// The status is read from the response as it starts, after whatever layer decided it (the route, the error
    /// handler, or Kestrel itself for a body that came too slowly), so the metrics count the status the caller got.
    /// </remarks>
    public static async Task<IResult> RunAsync(HttpContext context, ModelHost host, ServingMetrics metrics, string name, Func<Action<string>, Task<IResult>> handle)
    {
        var started = Stopwatch.GetTimestamp();
        using var inFlight = host.Enter(name);
        // Labels name only loaded models and versions that answered, so random names cannot grow the metrics without bound.
        var label = host.MetricLabel(name);
        var answered = "";
        var recorded = 0;
        void Record(int code)
        {
            if (Interlocked.Exchange(ref recorded, 1) != 0) return;
            metrics.Requests.WithLabels(label, answered, code.ToString(CultureInfo.InvariantCulture)).Inc();
            if (code >= 400) metrics.Errors.WithLabels(label, answered, OpenInferenceApi.Reason(code)).Inc();
            metrics.Latency.WithLabels(label, answered).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        context.Response.OnStarting(() =>
        {
            Record(context.RequestAborted.IsCancellationRequested ? ClientClosed : context.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            return await handle(version =>
            {
                answered = version;
                context.Response.Headers[OpenInferenceApi.VersionHeader] = version;
            }).ConfigureAwait(false);
        }
        catch (ServingException ex) when (ex.Version is { } routed)
        {
            answered = routed;
            throw;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Record(ClientClosed); // no response will start
            throw;
        }
    }
}
