using System.Net.Http.Json;

namespace Lepton.Bench.Dashboard.Client;

/// <summary>Fetches a series as JSON from the host's <c>/api/series/{metric}</c>, as variant (a)'s script does.</summary>
internal sealed class HttpSeriesSource(HttpClient http) : ISeriesSource
{
    public async Task<Series> GetAsync(int metric, int maxPoints, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<Series>($"api/series/{metric}?max={maxPoints}", cancellationToken)
        ?? throw new InvalidOperationException($"api/series/{metric} answered null.");
}
