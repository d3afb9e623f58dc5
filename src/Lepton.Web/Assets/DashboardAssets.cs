using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Lepton.Web.Assets;

/// <summary>
/// The front end (app.js, app.css and their source maps), embedded in this assembly by the build, so the dashboard
/// needs no folder on disk and no network. Each file is served under <c>/ui/assets/</c> with a strong ETag; pages link
/// it with <c>?v=</c> its hash, so a browser caches it for a year and still sees a new build at once.
/// </summary>
internal sealed class DashboardAssets
{
    public const string Prefix = "/ui/assets/";

    private readonly FrozenDictionary<string, Asset> _assets;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("assets/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var name = resource["assets/".Length..];
            assets[name] = new Asset(bytes, ContentType(name), Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]);
        }

        if (!assets.ContainsKey("app.js") || !assets.ContainsKey("app.css"))
            throw new InvalidOperationException("Lepton.Web was built without its front end (app.js, app.css): rebuild it with Node.js and npm installed.");
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The URL of an asset with its content version, e.g. <c>/ui/assets/app.js?v=1a2b…</c>.</summary>
    public string Url(string name) => $"{Prefix}{name}?v={_assets[name].Version}";

    public IResult Serve(string name, HttpContext context)
    {
        if (!_assets.TryGetValue(name, out var asset)) return Results.NotFound();
        var etag = new EntityTagHeaderValue($"\"{asset.Version}\"");
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromDays(365) };
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(etag, useStrongComparison: true)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".map" => "application/json; charset=utf-8",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Bytes, string ContentType, string Version);
}
