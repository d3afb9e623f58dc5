using Lepton.Tracking;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Lepton.Web.Pages;

/// <summary>The dashboard's pages: each route reads what its page shows, then renders the page's Razor component on the server.</summary>
internal static class PageRoutes
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", Experiments);
        group.MapGet("/runs", Runs);
        group.MapGet("/runs/{runId}", RunDetail);
        group.MapGet("/runs/{runId}/artifacts/{**path}", RunArtifact.Get);
        group.MapGet("/compare", Compare);
        group.MapGet("/models", Models);
        group.MapGet("/models/{name}", Model);
        group.MapPost("/models/{name}/aliases", ModelAliases.Post);
        group.MapGet("/models/{name}/versions/{version:int}", Version);
    }

    private static async Task<IResult> Experiments(HttpContext context, TrackingClient tracking, CancellationToken cancellationToken) =>
        PageData.Render<ExperimentsPage>(context, await ExperimentsView.ReadAsync(tracking.Store, cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> Runs(
        HttpContext context, TrackingClient tracking, CancellationToken cancellationToken, [FromQuery] string? experiment, [FromQuery] string? filter,
        [FromQuery] string? order, [FromQuery] int offset = 0, [FromQuery] int? size = null, [FromQuery] string[]? cols = null)
    {
        var request = new RunsRequest(experiment, filter, order, offset, size ?? RunsRequest.DefaultPageSize, cols);
        return PageData.Render<RunsPage>(context, await RunsView.ReadAsync(tracking.Store, request, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> RunDetail(string runId, HttpContext context, TrackingClient tracking, CancellationToken cancellationToken, [FromQuery] string? points = null) =>
        PageData.Render<RunPage>(context, await RunView.ReadAsync(tracking, runId, points == "all", cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> Compare(HttpContext context, TrackingClient tracking, CancellationToken cancellationToken, [FromQuery] string[]? runs = null) =>
        PageData.Render<ComparePage>(context, await CompareView.ReadAsync(tracking.Store, runs ?? [], cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> Models(HttpContext context, TrackingClient tracking, CancellationToken cancellationToken) =>
        PageData.Render<ModelsPage>(context, new ModelsView(await tracking.Store.ListRegisteredModelsAsync(cancellationToken).ConfigureAwait(false)));

    private static async Task<IResult> Model(string name, HttpContext context, TrackingClient tracking, IAntiforgery antiforgery, CancellationToken cancellationToken) =>
        PageData.Render<ModelPage>(context, await ModelView.ReadAsync(tracking.Store, name, antiforgery.GetAndStoreTokens(context), cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> Version(string name, int version, HttpContext context, TrackingClient tracking, CancellationToken cancellationToken) =>
        PageData.Render<ModelVersionPage>(context, await ModelVersionView.ReadAsync(tracking, name, version, cancellationToken).ConfigureAwait(false));
}
