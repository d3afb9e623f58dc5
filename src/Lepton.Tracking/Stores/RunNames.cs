namespace Lepton.Tracking.Stores;

/// <summary>Readable names for runs started without one (<c>brave-otter-417</c>), as MLflow gives.</summary>
internal static class RunNames
{
    private static readonly string[] Adjectives = ["amber", "brave", "calm", "clever", "bold", "eager", "gentle", "keen", "lucid", "merry", "nimble", "quiet", "rapid", "steady", "swift", "witty"];
    private static readonly string[] Animals = ["otter", "heron", "lynx", "falcon", "badger", "beaver", "crane", "dolphin", "ibex", "koala", "marten", "orca", "puffin", "quail", "robin", "wren"];

    public static string Generate()
    {
        var random = Random.Shared;
        return $"{Adjectives[random.Next(Adjectives.Length)]}-{Animals[random.Next(Animals.Length)]}-{random.Next(100, 1000)}";
    }
}
