namespace Lepton.Tracking;

/// <summary>
/// Registered models as users work with them: register a run's model or a file, move aliases, and resolve or
/// load <c>name@alias</c> / <c>name/version</c>. Downloaded files are cached by hash under <c>LEPTON_HOME/cache</c>.
/// </summary>
public sealed class ModelRegistry
{
    private readonly TrackingClient _client;

    internal ModelRegistry(TrackingClient client) => _client = client;

    /// <summary>Registers the model file a run logged (<c>model.lepton</c> by default) as the next version of <paramref name="name"/>.</summary>
    public async Task<ModelVersion> RegisterRunModelAsync(string name, string runId, string artifactPath = "model.lepton", string? description = null, CancellationToken cancellationToken = default)
    {
        var run = await _client.Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var artifact = run.Artifacts.FirstOrDefault(a => a.Path == artifactPath)
            ?? throw TrackingException.NotFound($"Run {runId} has no artifact '{artifactPath}' to register; it has: {(run.Artifacts.Count == 0 ? "none" : string.Join(", ", run.Artifacts.Select(a => a.Path)))}.");
        return await _client.Store.CreateModelVersionAsync(
            new NewModelVersion(name, artifact.Hash, $"runs:/{runId}/{artifactPath}", runId, description), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Registers a model file as the next version of <paramref name="name"/>. The registry stores any file; <c>RegisterModelFileAsync</c>
    /// (in Lepton.Tracking.Nn) loads a <c>.lepton</c> file first and refuses a damaged one.
    /// </summary>
    public async Task<ModelVersion> RegisterFileAsync(string name, string path, string? runId = null, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw TrackingException.NotFound($"There is no model file {full} to register.");
        Artifacts.ArtifactBlob blob;
        await using (var file = File.OpenRead(full))
        {
            blob = await _client.Artifacts.PutAsync(file, cancellationToken).ConfigureAwait(false);
        }

        return await _client.Store.CreateModelVersionAsync(new NewModelVersion(name, blob.Hash, full, runId, description), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Registers content already in the artifact store as the next version of a model. The hash must resolve now:
    /// content that was never stored is a Conflict and no version is made.
    /// </summary>
    public async Task<ModelVersion> CreateVersionAsync(NewModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        version.Check();
        await _client.RequireStoredAsync(version.ArtifactHash, null, $"The new version of model '{version.Name}'", cancellationToken).ConfigureAwait(false);
        return await _client.Store.CreateModelVersionAsync(version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/> (moving it when set elsewhere).</summary>
    public Task SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken = default) =>
        _client.Store.SetAliasAsync(name, alias, version, cancellationToken);

    /// <summary>The version a reference names: by alias, by number, or the latest.</summary>
    public async Task<ModelVersion> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        var parsed = ModelReference.Parse(reference);
        if (parsed.Alias is not null) return await _client.Store.GetModelVersionByAliasAsync(parsed.Name, parsed.Alias, cancellationToken).ConfigureAwait(false);
        if (parsed.Version is { } version) return await _client.Store.GetModelVersionAsync(parsed.Name, version, cancellationToken).ConfigureAwait(false);
        var model = await _client.Store.GetRegisteredModelAsync(parsed.Name, cancellationToken).ConfigureAwait(false);
        if (model.LatestVersion == 0) throw TrackingException.NotFound($"Model '{parsed.Name}' has no versions yet.");
        return await _client.Store.GetModelVersionAsync(parsed.Name, model.LatestVersion, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The local path of the file a reference names, downloaded and verified into the cache when not there yet.
    /// </summary>
    public async Task<(ModelVersion Version, string Path)> DownloadAsync(string reference, CancellationToken cancellationToken = default)
    {
        var version = await ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        var cached = LeptonHome.Combine("cache", "models", version.ArtifactHash + ".lepton");
        if (!File.Exists(cached)) await _client.DownloadAsync(version.ArtifactHash, cached, cancellationToken).ConfigureAwait(false);
        return (version, cached);
    }
}
