namespace Lepton.Nn.Layers;

/// <summary>A tensor a layer would create: its name in the layer's state_dict and its shape (every one is float32).</summary>
internal sealed record PlannedTensor(string Name, long[] Shape)
{
    /// <summary>The number of elements, or null when it does not fit a long.</summary>
    public long? ElementCount
    {
        get
        {
            long count = 1;
            foreach (var d in Shape)
            {
                if (d < 0 || (d > 0 && count > long.MaxValue / d)) return null;
                count *= d;
            }
            return count;
        }
    }

    /// <summary>The same tensor seen from a parent that registered its layer as <paramref name="layerName"/>.</summary>
    public PlannedTensor Under(string layerName) => this with { Name = $"{layerName}.{Name}" };
}
