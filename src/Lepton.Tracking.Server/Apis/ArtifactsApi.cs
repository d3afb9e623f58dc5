using Lepton.Tracking.Artifacts;

namespace Lepton.Tracking.Server;

/// <summary>Routes under <c>/api/artifacts</c>: content-addressed upload (streamed to disk), download (verified) and existence.</summary>
internal static class ArtifactsApi
{
    private const string UploadPath = "/api/artifacts";

    public static RouteGroupBuilder MapArtifactsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(UploadPath).WithTags("Artifacts").WithErrorResponses();
        api.MapPost("/", Upload).WithName("UploadArtifact")
            .Accepts<Stream>("application/octet-stream")
            .WithSummary("Stores the request body under its SHA-256; answers the hash and size. Same bytes twice are stored once.");
        api.MapGet("/{hash}", Download).WithName("DownloadArtifact")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .WithSummary("The stored content; the connection is cut if it no longer matches its hash.");
        api.MapMethods("/{hash}", [HttpMethods.Head], Exists).WithName("ArtifactExists").WithSummary("200 when content with this hash is stored, 404 otherwise.");
        return api;
    }

    /// <summary>Whether a request is an artifact upload, which has its own body size limit.</summary>
    public static bool IsUpload(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && (request.Path.Value ?? "").TrimEnd('/').Equals(UploadPath, StringComparison.OrdinalIgnoreCase);

    public static async Task<Created<ArtifactBlob>> Upload(HttpContext context, IArtifactStore artifacts)
    {
        // The body goes straight to the store, which writes a temporary file and renames it once hashed: a cut
        // upload throws here and leaves nothing under any hash.
        var blob = await artifacts.PutAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Created($"{UploadPath}/{blob.Hash}", blob);
    }

    public static async Task<PushStreamHttpResult> Download(string hash, HttpContext context, IArtifactStore artifacts, CancellationToken cancellationToken)
    {
        var content = await artifacts.OpenReadAsync(hash, cancellationToken).ConfigureAwait(false);
        return TypedResults.Stream(async body =>
        {
            await using (content.ConfigureAwait(false))
            {
                TrySetLength(context, content);
                await content.CopyToAsync(body, 1 << 16, cancellationToken).ConfigureAwait(false);
            }
        }, "application/octet-stream");
    }

    public static async Task<Results<Ok, NotFound>> Exists(string hash, IArtifactStore artifacts, CancellationToken cancellationToken) =>
        await artifacts.ExistsAsync(hash, cancellationToken).ConfigureAwait(false) ? TypedResults.Ok() : TypedResults.NotFound();

    private static void TrySetLength(HttpContext context, Stream content)
    {
        try
        {
            context.Response.ContentLength = content.Length;
        }
        catch (NotSupportedException)
        {
            // A store whose streams do not know their length: the response is sent chunked.
        }
    }
}
