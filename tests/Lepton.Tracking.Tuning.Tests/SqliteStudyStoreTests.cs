using Lepton.Tuning.Studies;

namespace Lepton.Tracking.Tuning.Tests;

/// <summary>Studies in a SQLite tracking database pass the study store contract.</summary>
public sealed class SqliteStudyStoreTests : StudyStoreContract, IDisposable
{
    private readonly TempFolder folder = new();

    protected override async Task<IStudyStore> CreateStoreAsync() => await TrackingStudyStore.OpenAsync(TrackingSettings.InFolder(folder.Path), Clock);

    protected override Task<IStudyStore> OpenAgainAsync() => CreateStoreAsync();

    public void Dispose() => folder.Dispose();
}
