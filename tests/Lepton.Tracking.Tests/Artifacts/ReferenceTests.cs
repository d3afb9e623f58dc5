using System.Security.Cryptography;
using Lepton.Tracking.Artifacts;
using Lepton.Tracking.Stores;

namespace Lepton.Tracking.Tests.Artifacts;

/// <summary>Records that name content by hash resolve when they are written, through the client and the registry.</summary>
public sealed class ReferenceTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private TrackingClient _client = null!;

    public async Task InitializeAsync()
    {
        var store = await SqliteMetadataStore.OpenAsync(_folder.PathOf("lepton.db"));
        _client = new TrackingClient(store, new LocalArtifactStore(_folder.PathOf("artifacts")));
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Content_never_stored_or_of_another_size_is_a_conflict_and_nothing_is_written()
    {
        await using var run = await _client.StartRunAsync("refs");
        var stored = await _client.Artifacts.PutAsync(new MemoryStream(new byte[100]));
        var never = Convert.ToHexStringLower(SHA256.HashData("never stored"u8));
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

        var dangling = await Assert.ThrowsAsync<TrackingException>(() => _client.RecordArtifactAsync(run.RunId, new ArtifactEntry("model.lepton", never, 12, at)));
        var wrongSize = await Assert.ThrowsAsync<TrackingException>(() => _client.RecordArtifactAsync(run.RunId, new ArtifactEntry("model.lepton", stored.Hash, 101, at)));
        var version = await Assert.ThrowsAsync<TrackingException>(() => _client.Registry.CreateVersionAsync(new NewModelVersion("refs", never, "f")));
        var badPath = await Assert.ThrowsAsync<TrackingException>(() => _client.RecordArtifactAsync(run.RunId, new ArtifactEntry("../x", never, 12, at)));
        await _client.RecordArtifactAsync(run.RunId, new ArtifactEntry("model.lepton", stored.Hash, 100, at));
        var registered = await _client.Registry.CreateVersionAsync(new NewModelVersion("refs", stored.Hash, "f", run.RunId));

        Assert.All(new[] { dangling, wrongSize, version }, e => Assert.Equal(TrackingErrorKind.Conflict, e.Kind));
        Assert.Equal(TrackingErrorKind.Invalid, badPath.Kind);
        Assert.Contains("was never uploaded", dangling.Message, StringComparison.Ordinal);
        Assert.Contains("says it is 101 bytes", wrongSize.Message, StringComparison.Ordinal);
        Assert.Equal([new ArtifactEntry("model.lepton", stored.Hash, 100, at)], (await _client.Store.GetRunAsync(run.RunId)).Artifacts);
        Assert.Equal(1, registered.Version);
    }
}
