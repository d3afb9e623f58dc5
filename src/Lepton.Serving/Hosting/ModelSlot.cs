namespace Lepton.Serving.Hosting;

/// <summary>A served model name: its loaded versions and how unpinned traffic is split among them.</summary>
internal sealed class ModelSlot(string name)
{
    public string Name { get; } = name;

    /// <summary>Guards changes to <see cref="Versions"/> and <see cref="Routes"/>; readers use the snapshots without it.</summary>
    public object Gate { get; } = new();

    public Dictionary<string, LoadedModel> Versions { get; } = new(StringComparer.Ordinal);

    /// <summary>Requests for this name being handled now (read, queued or running), so a batcher knows whether more are coming.</summary>
    public int InFlight;

    /// <summary>Replaced whole on each change, so a request reads one consistent table.</summary>
    public volatile RouteTable Routes = RouteTable.Empty;

    public LoadedModel? Find(string version)
    {
        lock (Gate) return Versions.GetValueOrDefault(version);
    }
}
