using Lepton.Tracking.Remote;
using Lepton.Tracking.Stores;
using Lepton.Tracking.Testing;

namespace Lepton.Tracking.Server.Tests.Stores;

/// <summary>The shared store contract, through a real server: HttpMetadataStore → HTTP → SQLite.</summary>
public sealed class HttpMetadataStoreTests : MetadataStoreContract
{
    private RunningServer? _server;

    protected override async Task<IMetadataStore> CreateStoreAsync()
    {
        _server = await RunningServer.StartAsync();
        return _server.OpenStore();
    }

    /// <summary>The server refuses records of content never uploaded, so the contract's content goes up first.</summary>
    protected override async Task<string> StoreContentAsync(byte[] content)
    {
        var blob = await new HttpArtifactStore((HttpMetadataStore)Store).PutAsync(new MemoryStream(content));
        return blob.Hash;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }
}
