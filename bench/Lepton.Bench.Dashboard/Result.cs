namespace Lepton.Bench.Dashboard;

/// <summary>Everything one run measured: written to bench/results/dashboard-choice.json.</summary>
internal sealed record Result(
    DateTimeOffset Started, DateTimeOffset Finished, int Cores, string LoadBefore, string LoadAfter, string Chromium,
    string Dotnet, int LoadsPerCase, CaseResult[] Cases, ServerFigures.Result Server, CircuitCost.Result[] Circuits);

/// <summary>One page's figures over its cold and warm loads.</summary>
internal sealed record CaseResult(
    string Variant, int Charts, string Points, string Path, Stats ColdDrawnMs, Stats WarmDrawnMs,
    double ColdBytes, double WarmBytes, double ColdSocketBytes, double LargestSocketFrame,
    Stats ZoomInMs, Stats ZoomOutMs, string[] Errors, int ErrorCount)
{
    /// <summary>Every zoom timing of this page, cold and warm loads, for pooling across variants.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public double[] ZoomInSample { get; init; } = [];

    /// <summary>As <see cref="ZoomInSample"/>, zooming back out.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public double[] ZoomOutSample { get; init; } = [];
}
