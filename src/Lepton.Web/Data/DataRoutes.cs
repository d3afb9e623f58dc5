using Lepton.Tracking;
using Lepton.Web.Pages;
using Microsoft.AspNetCore.Mvc;

namespace Lepton.Web.Data;

/// <summary>The datasets runs recorded: the list, one dataset's profile, and the drift between two.</summary>
internal static class DataRoutes
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/data", async (HttpContext context, TrackingClient tracking, CancellationToken cancellationToken) =>
            PageData.Render<DataPage>(context, await DataView.ReadAsync(tracking.Store, cancellationToken).ConfigureAwait(false)));
        // Before /data/{hash}, which would otherwise take "drift" for a hash.
        group.MapGet("/data/drift", async (HttpContext context, TrackingClient tracking, CancellationToken cancellationToken, [FromQuery] string? reference, [FromQuery] string? current) =>
            PageData.Render<DriftPage>(context, await DriftView.ReadAsync(tracking.Store, reference, current, cancellationToken).ConfigureAwait(false)));
        group.MapGet("/data/{hash}", async (string hash, HttpContext context, TrackingClient tracking, CancellationToken cancellationToken) =>
            PageData.Render<DatasetPage>(context, await DatasetView.ReadAsync(tracking.Store, hash, cancellationToken).ConfigureAwait(false)));
    }

    /// <summary>The address of a dataset's page.</summary>
    public static string PageOf(string hash) => "/data/" + Uri.EscapeDataString(hash);

    /// <summary>The address of the drift between two datasets.</summary>
    public static string DriftOf(string reference, string current) =>
        $"/data/drift?reference={Uri.EscapeDataString(reference)}&current={Uri.EscapeDataString(current)}";
}
