using System.Text.Json;
using Lepton.Tracking;
using Lepton.Tracking.Comparison;

namespace Lepton.Web.Apis;

/// <summary>
/// <c>GET /ui/api/runs/{runId}/series?key=&amp;maxPoints=&amp;minStep=&amp;maxStep=</c>: one metric of a run for a chart,
/// as columns (<c>steps</c>, <c>values</c> with NaN as null, <c>times</c> in Unix milliseconds) rather than an object
/// per point, thinned to <c>maxPoints</c> (each bucket's lowest and highest, <see cref="CurveThinning"/>) when given.
/// <c>total</c> counts the points in the step range before thinning.
/// </summary>
internal static class SeriesApi
{
    public static async Task Get(HttpContext context, string runId, string? key, int? maxPoints, long? minStep, long? maxStep, TrackingClient tracking)
    {
        if (string.IsNullOrEmpty(key)) throw new DashboardException(StatusCodes.Status400BadRequest, "Name the metric: ?key=loss.");
        if (maxPoints is < MetricCurves.MinimumPoints)
            throw new DashboardException(StatusCodes.Status400BadRequest, $"maxPoints is {maxPoints}; a thinned series keeps at least {MetricCurves.MinimumPoints} points (its ends and one bucket's lowest and highest).");
        if (minStep > maxStep) throw new DashboardException(StatusCodes.Status400BadRequest, $"minStep {minStep} is above maxStep {maxStep}.");

        var series = await tracking.Store.GetMetricSeriesAsync(runId, key, new MetricSeriesQuery(minStep, maxStep, maxPoints), context.RequestAborted).ConfigureAwait(false);
        var points = series.Points;
        var total = series.Total;

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("key", key);
        json.WriteNumber("total", total);
        json.WriteStartArray("steps");
        foreach (var p in points) json.WriteNumberValue(p.Step);
        json.WriteEndArray();
        json.WriteStartArray("values");
        foreach (var p in points)
        {
            if (double.IsFinite(p.Value)) json.WriteNumberValue(p.Value);
            else json.WriteNullValue();
        }

        json.WriteEndArray();
        json.WriteStartArray("times");
        foreach (var p in points) json.WriteNumberValue(p.Timestamp.ToUnixTimeMilliseconds());
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
