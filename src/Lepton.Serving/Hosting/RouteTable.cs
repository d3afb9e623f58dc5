namespace Lepton.Serving.Hosting;

/// <summary>An immutable weighted choice among the loaded versions of one model, swapped whole when traffic changes.</summary>
internal sealed class RouteTable
{
    private readonly LoadedModel[] _models;
    private readonly double[] _cumulative;

    public RouteTable(IReadOnlyList<(LoadedModel Model, double Weight)> entries)
    {
        var total = entries.Sum(e => e.Weight);
        _models = entries.Select(e => e.Model).ToArray();
        _cumulative = new double[_models.Length];
        var running = 0.0;
        for (var i = 0; i < _models.Length; i++)
        {
            running += entries[i].Weight / total;
            _cumulative[i] = running;
        }
        Weights = entries.ToDictionary(e => e.Model.Version, e => e.Weight / total, StringComparer.Ordinal);
    }

    public static RouteTable Empty { get; } = new([]);

    /// <summary>Version → share of traffic (0–1).</summary>
    public IReadOnlyDictionary<string, double> Weights { get; }

    public bool IsEmpty => _models.Length == 0;

    public LoadedModel? Pick()
    {
        if (_models.Length == 0) return null;
        if (_models.Length == 1) return _models[0];
        var x = Random.Shared.NextDouble();
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (x < _cumulative[i]) return _models[i];
        }
        return _models[^1];
    }
}
