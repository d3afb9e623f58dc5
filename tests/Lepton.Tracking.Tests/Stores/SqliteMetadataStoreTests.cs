using Lepton.Tracking.Stores;
using Lepton.Tracking.Testing;

namespace Lepton.Tracking.Tests.Stores;

public sealed class SqliteMetadataStoreTests : MetadataStoreContract
{
    private readonly TempFolder _folder = new();

    protected override async Task<IMetadataStore> CreateStoreAsync() => await SqliteMetadataStore.OpenAsync(_folder.PathOf("lepton.db"));

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_new_database_and_the_files_beside_it_are_readable_by_their_owner_only()
    {
        var path = _folder.PathOf("private/lepton.db");
        await using (var store = await SqliteMetadataStore.OpenAsync(path))
        {
            var files = Directory.GetFiles(Path.GetDirectoryName(path)!);
            Assert.Contains(path, files);
            Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}
