namespace Lepton.Bench.Dashboard;

/// <summary>One page to time: a variant, how many charts, and the points per chart (0: all 100,000).</summary>
internal sealed record PageCase(string Variant, int Charts, int MaxPoints)
{
    public string Path => Variant switch
    {
        "html" => $"/html?n={Charts}&max={MaxPoints}",
        "blazor-server" => $"/blazor/server?n={Charts}&max={MaxPoints}",
        "blazor-wasm" => $"/blazor/wasm?n={Charts}&max={MaxPoints}",
        _ => throw new ArgumentOutOfRangeException(nameof(Variant), Variant, "not a variant"),
    };

    public string Points => MaxPoints == 0 ? "100k" : "1k";

    public string Name => $"{Variant} {Charts}x{Points}";
}
