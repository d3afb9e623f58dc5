using Lepton.Tracking.Testing;
using Lepton.Tracking.Tests.Stores;
using Lepton.Tuning.Studies;

namespace Lepton.Tracking.Tuning.Tests;

/// <summary>Studies in a PostgreSQL tracking database pass the study store contract.</summary>
[Collection(PostgresCollection.Name)]
[ContractRunsAs(typeof(FactIfPostgresAttribute))]
public sealed class PostgresStudyStoreTests(PostgresServer server) : StudyStoreContract
{
    private string? connection;

    protected override async Task<IStudyStore> CreateStoreAsync() =>
        await TrackingStudyStore.OpenAsync(new TrackingSettings(connection = server.CreateDatabase(), "unused"), Clock);

    protected override async Task<IStudyStore> OpenAgainAsync() => await TrackingStudyStore.OpenAsync(new TrackingSettings(connection!, "unused"), Clock);
}
