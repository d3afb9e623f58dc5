using Lepton.Tracking;
using Microsoft.AspNetCore.Mvc;

namespace Lepton.Web.Pages;

/// <summary>
/// <c>GET /runs/{runId}/artifacts/{path}</c>: a run's file, streamed from the artifact store (checked against its hash
/// as it goes). Every file is served in a CSP sandbox: an HTML report shows with its styles and pictures, but no script
/// in it runs with the dashboard's rights. <c>?view=summary</c> on a <c>.lepton</c> file shows the model's summary page.
/// </summary>
internal static class RunArtifact
{
    /// <summary>What a served artifact may do: nothing active. Inline styles and data: images keep HTML reports readable.</summary>
    public const string Sandbox = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src data:; frame-ancestors 'self'";

    public static async Task<IResult> Get(string runId, string path, HttpContext context, TrackingClient tracking, CancellationToken cancellationToken, [FromQuery] string? view = null)
    {
        var run = await tracking.Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var entry = run.Artifacts.FirstOrDefault(a => a.Path == path)
            ?? throw new DashboardException(StatusCodes.Status404NotFound, $"Run {runId} has no artifact '{path}'.");
        if (view == "summary")
        {
            if (ArtifactPreview.KindOf(entry.Path) != PreviewKind.Model)
                throw new DashboardException(StatusCodes.Status400BadRequest, $"'{path}' is not a .lepton model file: it has no model summary.");
            var summary = await ModelSummaryView.ReadAsync(tracking.Artifacts, run.Info, entry, cancellationToken).ConfigureAwait(false);
            return PageData.Render<ModelSummaryPage>(context, summary);
        }

        context.Response.Headers.ContentSecurityPolicy = Sandbox;
        context.Response.Headers.XFrameOptions = "SAMEORIGIN";
        var stream = await tracking.Artifacts.OpenReadAsync(entry.Hash, cancellationToken).ConfigureAwait(false);
        return TypedResults.Stream(stream, ContentType(entry.Path), fileDownloadName: null, lastModified: entry.CreatedAt,
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{entry.Hash}\""));
    }

    private static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        ".svg" => "image/svg+xml",
        ".html" or ".htm" => "text/html; charset=utf-8",
        ".csv" => "text/csv; charset=utf-8",
        ".tsv" => "text/tab-separated-values; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".txt" or ".log" or ".md" or ".yaml" or ".yml" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
