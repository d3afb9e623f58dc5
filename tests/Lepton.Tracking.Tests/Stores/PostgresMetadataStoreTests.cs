using Lepton.Tracking.Stores;
using Lepton.Tracking.Testing;

namespace Lepton.Tracking.Tests.Stores;

[Collection(PostgresCollection.Name)]
[ContractRunsAs(typeof(FactIfPostgresAttribute))]
public sealed class PostgresMetadataStoreTests(PostgresServer server) : MetadataStoreContract
{
    protected override async Task<IMetadataStore> CreateStoreAsync() => await PostgresMetadataStore.OpenAsync(server.CreateDatabase());
}
