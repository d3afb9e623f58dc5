using Lepton.Tracking.Artifacts;
using Lepton.Tracking.Remote;
using Lepton.Tracking.Stores;

namespace Lepton.Tracking;

/// <summary>
/// The entry point to tracking: start runs, find them, log artifacts and use the model registry, against the
/// store <see cref="TrackingSettings"/> names (a SQLite file under <c>LEPTON_HOME</c> by default).
/// </summary>
public sealed class TrackingClient : IAsyncDisposable
{
    /// <summary>How long a run on another host may go without a heartbeat before it is taken for abandoned.</summary>
    public static TimeSpan DefaultStaleAfter { get; } = TimeSpan.FromMinutes(10);

    /// <summary>Uses an open metadata store and artifact store; the client disposes the metadata store.</summary>
    public TrackingClient(IMetadataStore store, IArtifactStore artifacts)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(artifacts);
        Store = store;
        Artifacts = artifacts;
        Registry = new ModelRegistry(this);
    }

    /// <summary>Where runs and the registry are kept.</summary>
    public IMetadataStore Store { get; }

    /// <summary>Where artifact content is kept.</summary>
    public IArtifactStore Artifacts { get; }

    /// <summary>Registered models: register, alias, resolve and load by <c>name@alias</c> or <c>name/version</c>.</summary>
    public ModelRegistry Registry { get; }

    /// <summary>Opens the store the environment names (see <see cref="TrackingSettings"/>).</summary>
    public static Task<TrackingClient> OpenAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(TrackingSettings.FromEnvironment(), cancellationToken);

    /// <summary>
    /// Opens the stores <paramref name="settings"/> names, bringing a database's schema up to date, and marks
    /// runs whose process died as failed.
    /// </summary>
    public static async Task<TrackingClient> OpenAsync(TrackingSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IMetadataStore store;
        IArtifactStore artifacts;
        switch (settings.Kind)
        {
            case StoreKind.Server:
                var remote = new HttpMetadataStore(ServerAddress(settings.TrackingUri));
                store = remote;
                artifacts = new HttpArtifactStore(remote);
                break;
            case StoreKind.Postgres:
                store = await PostgresMetadataStore.OpenAsync(settings.TrackingUri, cancellationToken: cancellationToken).ConfigureAwait(false);
                artifacts = new LocalArtifactStore(settings.ArtifactRoot);
                break;
            default:
                store = await SqliteMetadataStore.OpenAsync(TrackingSettings.SqlitePath(settings.TrackingUri), cancellationToken: cancellationToken).ConfigureAwait(false);
                artifacts = new LocalArtifactStore(settings.ArtifactRoot);
                break;
        }

        var client = new TrackingClient(store, artifacts);
        await client.FailAbandonedRunsAsync(cancellationToken).ConfigureAwait(false);
        return client;
    }

    private static Uri ServerAddress(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var address)
            ? address
            : throw TrackingException.Invalid($"The tracking URI '{uri}' is not a server address: write http://host:port.");

    /// <summary>Marks runs whose process died without ending them as failed; returns their ids.</summary>
    public Task<IReadOnlyList<string>> FailAbandonedRunsAsync(CancellationToken cancellationToken = default) =>
        Store.FailAbandonedRunsAsync(DefaultStaleAfter, cancellationToken);

    /// <summary>
    /// Starts a run in <paramref name="experiment"/> and returns it for logging; end it with
    /// <see cref="ActiveRun.EndAsync"/> (disposing it ends it as finished, or failed after an exception).
    /// </summary>
    public async Task<ActiveRun> StartRunAsync(string experiment, string? name = null, string? source = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        var start = new RunStart(experiment, name, source ?? Environment.CommandLine, GitInfo.CurrentCommit(), tags);
        var info = await Store.CreateRunAsync(start, cancellationToken).ConfigureAwait(false);
        return new ActiveRun(this, info);
    }

    /// <summary>Stores a file as an artifact of a run under <paramref name="artifactPath"/> (its file name when null).</summary>
    public async Task<ArtifactEntry> LogArtifactAsync(string runId, string localPath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        var path = artifactPath ?? Path.GetFileName(localPath);
        Names.CheckArtifactPath(path);
        ArtifactBlob blob;
        await using (var file = File.OpenRead(localPath))
        {
            blob = await Artifacts.PutAsync(file, cancellationToken).ConfigureAwait(false);
        }

        var entry = new ArtifactEntry(path, blob.Hash, blob.Size, DateTimeOffset.UtcNow);
        await Store.RecordArtifactAsync(runId, entry, cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <summary>
    /// Records content already in <see cref="Artifacts"/> as a file of a run. The reference must resolve now: content
    /// that was never stored, or is stored with another size, is a Conflict and nothing is recorded.
    /// </summary>
    public async Task RecordArtifactAsync(string runId, ArtifactEntry artifact, CancellationToken cancellationToken = default)
    {
        Names.CheckRunId(runId);
        ArgumentNullException.ThrowIfNull(artifact);
        artifact.Check();
        await RequireStoredAsync(artifact.Hash, artifact.Size, $"The artifact '{artifact.Path}' of run {runId}", cancellationToken).ConfigureAwait(false);
        await Store.RecordArtifactAsync(runId, artifact, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A Conflict unless content is stored; a tracking server checks for its remote clients, so they skip the round trip.</summary>
    internal Task RequireStoredAsync(string hash, long? size, string what, CancellationToken cancellationToken) =>
        Store is HttpMetadataStore ? Task.CompletedTask : StoredContent.RequireAsync(Artifacts, hash, size, what, cancellationToken);

    /// <summary>
    /// Copies stored content to <paramref name="destination"/>, verified, through a temporary file, so a damaged
    /// or interrupted download never leaves a file there.
    /// </summary>
    public async Task DownloadAsync(string hash, string destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        var full = Path.GetFullPath(destination);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".{Guid.NewGuid():N}.part";
        try
        {
            await using (var source = await Artifacts.OpenReadAsync(hash, cancellationToken).ConfigureAwait(false))
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
