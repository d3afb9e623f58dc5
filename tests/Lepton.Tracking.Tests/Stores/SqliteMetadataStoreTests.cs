using Lepton.Tracking.Stores;

namespace Lepton.Tracking.Tests.Stores;

public sealed class SqliteMetadataStoreTests : MetadataStoreContract
{
    private readonly TempFolder _folder = new();

    protected override async Task<IMetadataStore> CreateStoreAsync() => await SqliteMetadataStore.OpenAsync(_folder.File("lepton.db"));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}
