using Lepton.Tuning.Studies;

namespace Lepton.Tracking.Tuning.Tests;

/// <summary>The reference store passes the contract the database stores are held to.</summary>
public sealed class InMemoryStudyStoreTests : StudyStoreContract
{
    private InMemoryStudyStore? store;

    protected override Task<IStudyStore> CreateStoreAsync() => Task.FromResult<IStudyStore>(store = new InMemoryStudyStore(Clock));

    protected override Task<IStudyStore> OpenAgainAsync() => Task.FromResult<IStudyStore>(store!);
}
