using Lepton.Testing;

namespace Lepton.Tracking.Tests.Datasets;

public sealed class DatasetFingerprintTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Labelled_files_hash_as_their_listing_then_the_files_so_fingerprints_recorded_before_stay_the_same()
    {
        Directory.CreateDirectory(_folder.PathOf("cats"));
        Directory.CreateDirectory(_folder.PathOf("dogs"));
        var a = _folder.Write("cats/a.png", "aaa");
        var b = _folder.Write("dogs/b.png", "bbb");
        var listing = _folder.Write("listing.txt", "cats/a.png\tcats\ndogs/b.png\tdogs\n");

        var labelled = DatasetFingerprint.FromLabelledFiles("pets", "{}", _folder.Path, [(a, "cats"), (b, "dogs")]);

        Assert.Equal(DatasetFingerprint.FromFiles("pets", 2, "{}", listing, a, b), labelled);
        // A file moved to another label is other data, though no byte of any file changed.
        Assert.NotEqual(labelled.Hash, DatasetFingerprint.FromLabelledFiles("pets", "{}", _folder.Path, [(a, "dogs"), (b, "dogs")]).Hash);
    }
}
