namespace Lepton.Bench.Dashboard.Client;

/// <summary>Where the chart component gets a series: in process on the server (variant b), over HTTP in WebAssembly (c).</summary>
public interface ISeriesSource
{
    /// <summary>Metric <paramref name="metric"/>, thinned to at most <paramref name="maxPoints"/> points (0: all of them).</summary>
    Task<Series> GetAsync(int metric, int maxPoints, CancellationToken cancellationToken);
}
