namespace Lepton.Tracking.Server;

/// <summary>The request body limits the routes enforce, from <see cref="TrackingServerOptions"/>.</summary>
internal sealed record ServerLimits(long MaxJsonBodySize, long MaxArtifactSize)
{
    /// <summary>The limit for a request: artifact uploads have their own, everything else is JSON.</summary>
    public long For(HttpRequest request) => ArtifactsApi.IsUpload(request) ? MaxArtifactSize : MaxJsonBodySize;
}
