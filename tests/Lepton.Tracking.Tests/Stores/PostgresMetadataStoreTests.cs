using Lepton.Tracking.Stores;

namespace Lepton.Tracking.Tests.Stores;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMetadataStoreTests(PostgresServer server) : MetadataStoreContract
{
    protected override async Task<IMetadataStore> CreateStoreAsync() => await PostgresMetadataStore.OpenAsync(server.CreateDatabase());
}
