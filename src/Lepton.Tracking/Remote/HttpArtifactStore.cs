using System.Net.Http.Headers;
using Lepton.Tracking.Artifacts;

namespace Lepton.Tracking.Remote;

/// <summary>
/// The artifact store of a Lepton tracking server: uploads stream the content to the server (which hashes and
/// stores it atomically), downloads stream back and are verified against their hash here too.
/// </summary>
public sealed class HttpArtifactStore : IArtifactStore, IDisposable
{
    private readonly ApiConnection _api;
    private readonly bool _ownsConnection;

    /// <summary>Uses the server at <paramref name="serverAddress"/>; a given <paramref name="httpClient"/> stays the caller's to dispose.</summary>
    public HttpArtifactStore(Uri serverAddress, HttpClient? httpClient = null)
    {
        _api = new ApiConnection(serverAddress, httpClient);
        _ownsConnection = true;
    }

    /// <summary>Shares the connection of <paramref name="store"/>, which keeps owning it.</summary>
    public HttpArtifactStore(HttpMetadataStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _api = store.Connection;
    }

    /// <inheritdoc />
    public string Description => _api.Description;

    /// <inheritdoc />
    public async Task<ArtifactBlob> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var body = new StreamContent(content, 1 << 16);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await _api.SendStreamingAsync(HttpMethod.Post, "api/artifacts", body, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await System.Text.Json.JsonSerializer.DeserializeAsync(stream, ApiJsonContext.Default.ArtifactBlob, cancellationToken).ConfigureAwait(false)
            ?? throw new TrackingException(TrackingErrorKind.Unavailable, $"The tracking server at {Description} stored an artifact but did not say its hash.");
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string hash, CancellationToken cancellationToken = default)
    {
        Names.CheckHash(hash);
        var path = $"api/artifacts/{hash}";
        var response = await _api.SendStreamingAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new DownloadStream(new VerifyingStream(stream, hash, $"{Description}/{path}"), response, hash, Description);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string hash, CancellationToken cancellationToken = default)
    {
        Names.CheckHash(hash);
        try
        {
            await _api.SendAsync(HttpMethod.Head, $"api/artifacts/{hash}", null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TrackingException e) when (e.Kind == TrackingErrorKind.NotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsConnection) _api.Dispose();
    }
}
